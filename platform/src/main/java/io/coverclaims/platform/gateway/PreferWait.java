package io.coverclaims.platform.gateway;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code wait} preference of an RFC 7240 {@code Prefer} header, e.g. {@code Prefer: respond-async, wait=0}. */
final class PreferWait {

    private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,6})\"?");

    private PreferWait() {}

    static Optional<Duration> parse(String preferHeader) {
        if (preferHeader == null) {
            return Optional.empty();
        }
        Matcher matcher = WAIT.matcher(preferHeader);
        return matcher.find() ? Optional.of(Duration.ofSeconds(Long.parseLong(matcher.group(1)))) : Optional.empty();
    }
}
