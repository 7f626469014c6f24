package tiebreak.core.spec;

/** A spec value that breaks a rule; {@code key} is the sweep-file key that set it. */
public final class InvalidSpecException extends IllegalArgumentException {
    private final String key;

    public InvalidSpecException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
