package tiebreak.sweep;

/** Bad input in a sweep file: the message names the file, the key and what was expected, on one line. */
public final class ConfigException extends Exception {
    public ConfigException(String source, String key, String problem) {
        super(source + ": " + (key == null || key.isEmpty() ? "" : key + ": ") + oneLine(problem));
    }

    private static String oneLine(String text) {
        return text == null ? "invalid" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
