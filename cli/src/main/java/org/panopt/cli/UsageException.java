package org.panopt.cli;

/** Bad command-line arguments: reported as one line and exit status 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
