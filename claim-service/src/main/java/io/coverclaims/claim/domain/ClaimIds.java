package io.coverclaims.claim.domain;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The claim context's ids, in the manner of {@code io.coverclaims.platform.ids.Ids}: the patterns (usable in Bean
 * Validation's {@code @Pattern}), their messages and the functions between them.
 *
 * <ul>
 *   <li>a claim is {@code clm-<policy uuid>-<n>}: the n-th claim (1, 2, …) on the policy {@code cov-<policy uuid>},
 *       whose claims aggregate decides it ({@link #policyIdOf});
 *   <li>its payout is {@code pay-<claimId>}, its (one) appeal {@code apl-<claimId>};
 *   <li>an incident is {@code inc-} and 1 to 60 lower-case letters, digits or dashes;
 *   <li>an assessor group is {@code grp-} and its category lower-cased with dashes ({@code grp-protocol-exploit},
 *       {@code grp-arbiters}).
 * </ul>
 */
public final class ClaimIds {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** A claim: {@code clm-}, its policy's UUID, a dash and its number on the policy (1, 2, …). */
    public static final String CLAIM_ID = "^clm-" + UUID + "-[1-9][0-9]{0,8}$";

    public static final String CLAIM_ID_MESSAGE =
            "must be clm- followed by the policy's UUID, a dash and the claim's number on the policy (1, 2, ...)";

    /** An incident: {@code inc-} and 1 to 60 lower-case letters, digits or dashes. */
    public static final String INCIDENT_ID = "^inc-[a-z0-9][a-z0-9-]{0,59}$";

    public static final String INCIDENT_ID_MESSAGE =
            "must be inc- followed by 1 to 60 lower-case letters, digits or dashes";

    /** An assessor group: {@code grp-} and its category lower-cased with dashes. */
    public static final String GROUP_ID = "^grp-[a-z0-9][a-z0-9-]{0,59}$";

    public static final String GROUP_ID_MESSAGE =
            "must be grp- followed by the category in lower case with dashes (grp-protocol-exploit, grp-arbiters)";

    /** The category of the arbiters' group, who decide appeals. */
    public static final String ARBITERS = "ARBITERS";

    /** The categories a group may be appointed for: every product category, and the arbiters. */
    public static final List<String> CATEGORIES =
            List.of("PROTOCOL_EXPLOIT", "STABLECOIN_DEPEG", "CUSTODY", "SLASHING", ARBITERS);

    public static final String ARBITERS_GROUP_ID = "grp-arbiters";

    private static final Pattern CLAIM = Pattern.compile("^clm-(" + UUID + ")-([1-9][0-9]{0,8})$");
    private static final Pattern POLICY = Pattern.compile("^cov-(" + UUID + ")$");
    private static final Pattern INCIDENT = Pattern.compile(INCIDENT_ID);
    private static final Pattern GROUP = Pattern.compile(GROUP_ID);

    private ClaimIds() {}

    public static boolean isClaimId(String value) {
        return value != null && CLAIM.matcher(value).matches();
    }

    public static boolean isPolicyId(String value) {
        return value != null && POLICY.matcher(value).matches();
    }

    public static boolean isIncidentId(String value) {
        return value != null && INCIDENT.matcher(value).matches();
    }

    public static boolean isGroupId(String value) {
        return value != null && GROUP.matcher(value).matches();
    }

    /** The policy a claim is on, {@code cov-<uuid>}: the id of the claims aggregate that decides it. */
    public static String policyIdOf(String claimId) {
        return "cov-" + claim(claimId).group(1);
    }

    /** The claim's number on its policy (1 for the first). */
    public static int numberOf(String claimId) {
        return Integer.parseInt(claim(claimId).group(2));
    }

    /** The n-th claim (from 1) on the policy {@code cov-<uuid>}. */
    public static String claimId(String policyId, int n) {
        Matcher policy = policyId == null ? null : POLICY.matcher(policyId);
        if (policy == null || !policy.matches()) {
            throw new IllegalArgumentException("not a policy id: " + policyId);
        }
        if (n < 1) {
            throw new IllegalArgumentException("claims are numbered from 1: " + n);
        }
        return "clm-" + policy.group(1) + "-" + n;
    }

    /** The payout a claim asks its pool for. */
    public static String payoutId(String claimId) {
        return "pay-" + claimId;
    }

    /** The one appeal a claim may have. */
    public static String appealId(String claimId) {
        return "apl-" + claimId;
    }

    /** The refund of a claim's deposit. */
    public static String depositRefundId(String claimId) {
        return claimId + "/deposit";
    }

    /** The refund of a claim's appeal bond. */
    public static String bondRefundId(String claimId, String appealId) {
        return claimId + "/" + appealId + "/bond";
    }

    /** The group of a category: {@code grp-} and the category lower-cased with dashes. */
    public static String groupIdOf(String category) {
        return "grp-" + category.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Matcher claim(String claimId) {
        Matcher matcher = claimId == null ? null : CLAIM.matcher(claimId);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("not a claim id: " + claimId);
        }
        return matcher;
    }
}
