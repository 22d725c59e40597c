package io.coverclaims.cli;

/**
 * What a tool needs is not there: the broker does not answer, a topic is missing, the service does not answer or
 * answers something else. Said in one sentence; exit status 1.
 */
final class Unavailable extends RuntimeException {
    Unavailable(String message) {
        super(message);
    }

    Unavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
