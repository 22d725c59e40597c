package io.coverclaims.oracle.domain;

import io.coverclaims.platform.ids.Ids;
import java.util.regex.Pattern;

/**
 * The oracle context's ids, in the manner of {@code io.coverclaims.platform.ids.Ids}: the patterns (usable in Bean
 * Validation's {@code @Pattern}), their messages and the functions between them.
 *
 * <ul>
 *   <li>a feed is 1 to 63 letters, digits, dots, dashes or underscores, starting with a letter or digit
 *       ({@code USDC-USD}, {@code incidents-ethereum}); it is the feed aggregate's id;
 *   <li>a source of a feed is 1 to 63 lower-case letters, digits, dots, dashes or underscores;
 *   <li>a trigger is {@code trg-} and 1 to 51 lower-case letters, digits or dashes;
 *   <li>an incident is {@code inc-} and 1 to 60 lower-case letters, digits or dashes; the incident a trigger's n-th
 *       firing opens is {@code inc-<the trigger id without trg->-<n>} ({@link #firingIncidentId}).
 * </ul>
 */
public final class OracleIds {

    public static final String FEED_ID = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$";

    public static final String FEED_ID_MESSAGE =
            "must be 1 to 63 letters, digits, dots, dashes or underscores, starting with a letter or digit";

    public static final String SOURCE_ID = "^[a-z0-9][a-z0-9._-]{0,62}$";

    public static final String SOURCE_ID_MESSAGE =
            "must be 1 to 63 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit";

    public static final String TRIGGER_ID = "^trg-[a-z0-9][a-z0-9-]{0,50}$";

    public static final String TRIGGER_ID_MESSAGE =
            "must be trg- followed by 1 to 51 lower-case letters, digits or dashes";

    public static final String INCIDENT_ID = "^inc-[a-z0-9][a-z0-9-]{0,59}$";

    public static final String INCIDENT_ID_MESSAGE =
            "must be inc- followed by 1 to 60 lower-case letters, digits or dashes";

    public static final String PRODUCT_ID = Ids.PRODUCT_ID;

    public static final String PRODUCT_ID_MESSAGE = Ids.PRODUCT_ID_MESSAGE;

    private static final Pattern FEED = Pattern.compile(FEED_ID);
    private static final Pattern SOURCE = Pattern.compile(SOURCE_ID);
    private static final Pattern TRIGGER = Pattern.compile(TRIGGER_ID);
    private static final Pattern INCIDENT = Pattern.compile(INCIDENT_ID);
    private static final Pattern PRODUCT = Pattern.compile(PRODUCT_ID);

    private OracleIds() {}

    public static boolean isFeedId(String value) {
        return value != null && FEED.matcher(value).matches();
    }

    public static boolean isSourceId(String value) {
        return value != null && SOURCE.matcher(value).matches();
    }

    public static boolean isTriggerId(String value) {
        return value != null && TRIGGER.matcher(value).matches();
    }

    public static boolean isIncidentId(String value) {
        return value != null && INCIDENT.matcher(value).matches();
    }

    public static boolean isProductId(String value) {
        return value != null && PRODUCT.matcher(value).matches();
    }

    /**
     * The incident the {@code n}-th firing (1, 2, …) of a trigger opens: {@code trg-usdc-depeg}, 2 →
     * {@code inc-usdc-depeg-2}. A trigger id has at most 51 characters after {@code trg-}, so the result always
     * matches {@link #INCIDENT_ID} for n below 10^8.
     */
    public static String firingIncidentId(String triggerId, int n) {
        if (!isTriggerId(triggerId) || n < 1) {
            throw new IllegalArgumentException("no incident id for firing " + n + " of " + triggerId);
        }
        String id = "inc-" + triggerId.substring("trg-".length()) + "-" + n;
        if (!isIncidentId(id)) {
            throw new IllegalArgumentException(id + " is not an incident id");
        }
        return id;
    }
}
