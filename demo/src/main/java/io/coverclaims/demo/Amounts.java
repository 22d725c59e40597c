package io.coverclaims.demo;

import io.coverclaims.cli.LedgerBooks;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Amounts as people read them: minor units of a token shown with its decimals ("5,479.452055 tUSD"). */
final class Amounts {

    private Amounts() {}

    /** {@code whole} tokens of the demo's 6-decimal test token, in minor units. */
    static BigInteger tusd(long whole) {
        return BigInteger.valueOf(whole).multiply(BigInteger.TEN.pow(Chain.TOKEN_DECIMALS));
    }

    static String tusd(BigInteger minorUnits) {
        return format(minorUnits, Chain.TOKEN_DECIMALS) + " " + Chain.TOKEN_SYMBOL;
    }

    /** A decimal string of minor units (as the APIs answer amounts), shown in tUSD. */
    static String tusd(String minorUnits) {
        return tusd(new BigInteger(minorUnits));
    }

    static String tusd(BigDecimal minorUnits) {
        return tusd(minorUnits.toBigIntegerExact());
    }

    static String format(BigInteger minorUnits, int decimals) {
        return LedgerBooks.format(minorUnits, decimals);
    }

    /** Parts per million as a percentage: 750000 → "75 %". */
    static String percentFromPpm(long ppm) {
        return format(BigInteger.valueOf(ppm), 4) + " %";
    }
}
