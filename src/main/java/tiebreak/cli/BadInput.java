package tiebreak.cli;

/**
 * Bad input found by a command itself (an option's value, a path, a folder, a query): {@link Main} prints
 * "command: message" on one line and exits 2, as for a malformed sweep file ({@code ConfigException}).
 */
final class BadInput extends RuntimeException {
    BadInput(String message) {
        super(message);
    }
}
