package io.coverclaims.governance.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadHashTest {

    @Test
    void the_canonical_json_has_fixed_member_order_sorted_arguments_and_no_whitespace() {
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("threshold", "2");
        arguments.put("guardians", "0xa,0xb");
        String json = PayloadHash.canonicalJson(
                List.of(new PayloadHash.Change("claim.depositUnits", "75")),
                List.of(new PayloadHash.Action("SET_GUARDIANS", "guardians", arguments)));
        assertThat(json)
                .isEqualTo("{\"changes\":[{\"name\":\"claim.depositUnits\",\"value\":\"75\"}],"
                        + "\"actions\":[{\"kind\":\"SET_GUARDIANS\",\"target\":\"guardians\","
                        + "\"arguments\":{\"guardians\":\"0xa,0xb\",\"threshold\":\"2\"}}]}");
    }

    @Test
    void the_hash_is_the_hex_sha256_of_the_canonical_json() throws Exception {
        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest("{\"changes\":[],\"actions\":[]}".getBytes(StandardCharsets.UTF_8)));
        assertThat(PayloadHash.of(List.of(), List.of())).isEqualTo(expected);
    }

    @Test
    void quotes_backslashes_and_control_characters_are_escaped_as_json_requires() {
        String json = PayloadHash.canonicalJson(
                List.of(), List.of(new PayloadHash.Action("APPOINT_ASSESSOR", "a\"b\\c\nd\u0001é", Map.of())));
        assertThat(json).contains("\"target\":\"a\\\"b\\\\c\\nd\\u0001é\"");
    }
}
