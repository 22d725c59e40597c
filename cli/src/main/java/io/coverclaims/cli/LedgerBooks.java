package io.coverclaims.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * A pool's books and the rule they keep: money in (deposits + premiums) equals money held (capital) plus money out
 * (withdrawals + payouts) plus what the pool kept (fees, rounding it retained). Amounts in the asset's minor units.
 * One rule, one wording, for {@code ./claims verify} (after every event of pool.events) and the demo's verification
 * (each pool's view at the end).
 */
public record LedgerBooks(
        BigInteger deposits,
        BigInteger premiums,
        BigInteger capital,
        BigInteger withdrawals,
        BigInteger payouts,
        BigInteger fees) {

    /** deposits + premiums. */
    public BigInteger in() {
        return deposits.add(premiums);
    }

    /** capital + withdrawals + payouts + fees. */
    public BigInteger out() {
        return capital.add(withdrawals).add(payouts).add(fees);
    }

    public boolean conserved() {
        return in().equals(out());
    }

    /** {@code deposits 80,000 + premiums 134.10959 = capital 80,134.109588 + withdrawals 0 + payouts 0 + fees 0.000002 tUSD}. */
    public String equation(int decimals, String asset) {
        return "deposits " + format(deposits, decimals) + " + premiums " + format(premiums, decimals) + " = capital "
                + format(capital, decimals) + " + withdrawals " + format(withdrawals, decimals) + " + payouts "
                + format(payouts, decimals) + " + fees " + format(fees, decimals) + " " + asset;
    }

    /** {@code 80,134.10959 = 80,134.10959 tUSD}, or with ≠ when the books do not balance. */
    public String balance(int decimals, String asset) {
        return format(in(), decimals) + (conserved() ? " = " : " ≠ ") + format(out(), decimals) + " " + asset;
    }

    /** Minor units shown with the asset's decimals: 5479452055 with 6 decimals → "5,479.452055". */
    public static String format(BigInteger minorUnits, int decimals) {
        DecimalFormat format = new DecimalFormat("#,##0.##########", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setMaximumFractionDigits(decimals);
        return format.format(new BigDecimal(minorUnits, decimals));
    }
}
