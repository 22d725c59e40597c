package io.coverclaims.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.schemas.pool.CancelWithdrawal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IdempotencyScopeTest {

    private final Commands commands = new Commands(Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));

    private CancelWithdrawal cancel(String caller, String poolId, String key, String withdrawalId) {
        return CancelWithdrawal.newBuilder()
                .setMetadata(commands.metadata(poolId, caller, null, key, null))
                .setPoolId(poolId)
                .setWithdrawalId(withdrawalId)
                .build();
    }

    @Test
    void a_key_is_scoped_to_the_caller_the_operation_and_the_target() {
        String id = IdempotencyScope.commandId("0xa", "op", "pool-1", "k");
        assertThat(IdempotencyScope.commandId("0xb", "op", "pool-1", "k")).isNotEqualTo(id);
        assertThat(IdempotencyScope.commandId("0xa", "op2", "pool-1", "k")).isNotEqualTo(id);
        assertThat(IdempotencyScope.commandId("0xa", "op", "pool-2", "k")).isNotEqualTo(id);
        assertThat(IdempotencyScope.commandId("0xa", "op", "pool-1", "k")).isEqualTo(id);
    }

    @Test
    void the_request_hash_differs_when_a_field_differs_and_ignores_the_metadata() {
        CancelWithdrawal one = cancel("0xa", "pool-1", "k", "w-1");
        CancelWithdrawal same = cancel("0xb", "pool-1", "other-key", "w-1");
        CancelWithdrawal other = cancel("0xa", "pool-1", "k", "w-2");

        IdempotencyScope.apply(one);
        IdempotencyScope.apply(same);
        IdempotencyScope.apply(other);

        String hash = WireMetadata.ofCommand(one).getRequestHash();
        assertThat(hash).hasSize(64);
        assertThat(WireMetadata.ofCommand(same).getRequestHash()).isEqualTo(hash);
        assertThat(WireMetadata.ofCommand(other).getRequestHash()).isNotEqualTo(hash);
        assertThat(WireMetadata.ofCommand(other).getCommandId())
                .isEqualTo(WireMetadata.ofCommand(one).getCommandId());
    }
}
