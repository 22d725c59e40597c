package io.coverclaims.demo;

/** A step of the demo failed: what went wrong and, when one is to blame, the process whose log tells more. */
final class DemoFailure extends RuntimeException {

    private final String process;
    private String step;

    DemoFailure(String message) {
        this(message, null, null);
    }

    DemoFailure(String message, String process) {
        this(message, process, null);
    }

    DemoFailure(String message, String process, Throwable cause) {
        super(message, cause);
        this.process = process;
    }

    /** The process (a service, "broker" or "anvil") whose log explains the failure, or null. */
    String process() {
        return process;
    }

    /** The step that failed, once it was shown crossed (null before). */
    String step() {
        return step;
    }

    DemoFailure shownAt(String step) {
        this.step = step;
        return this;
    }
}
