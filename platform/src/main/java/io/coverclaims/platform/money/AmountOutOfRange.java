package io.coverclaims.platform.money;

/**
 * Arithmetic on {@link Money} that would leave 0 .. 2^256 - 1. The kernel turns it into a rejection
 * ({@code AMOUNT_OUT_OF_RANGE}, naming {@link #field()} when the decider said which input it came from), never a
 * failure: a command whose amounts do not fit is refused and changes nothing.
 */
public final class AmountOutOfRange extends ArithmeticException {

    public static final String CODE = "AMOUNT_OUT_OF_RANGE";

    private final String field;

    public AmountOutOfRange(String message) {
        this(message, null);
    }

    public AmountOutOfRange(String message, String field) {
        super(message);
        this.field = field;
    }

    /** The command field the amount came from, or null. */
    public String field() {
        return field;
    }

    /** The same failure attributed to a command field. */
    public AmountOutOfRange about(String field) {
        return new AmountOutOfRange(getMessage(), field);
    }
}
