package io.coverclaims.cli;

/** A command line that cannot be carried out as given: the message says what is wrong; the exit status is 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
