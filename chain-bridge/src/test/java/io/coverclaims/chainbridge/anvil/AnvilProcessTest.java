package io.coverclaims.chainbridge.anvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AnvilProcessTest {

    @Test
    void starts_auto_mining_with_the_fixed_accounts_and_stops_on_close() throws Exception {
        AnvilProcess anvil = AnvilProcess.builder().chainId(31_338).accounts(3).start();
        ProcessHandle anvilHandle;
        try {
            assertThat(anvil.isAlive()).isTrue();
            assertThat(anvil.rpc("eth_chainId").asText()).isEqualTo("0x7a6a");
            assertThat(anvil.rpcUrl()).isEqualTo("http://127.0.0.1:" + anvil.port());

            JsonNode accounts = anvil.rpc("eth_accounts");
            assertThat(accounts).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(anvil.credentials(i).getAddress())
                        .isEqualToIgnoringCase(accounts.get(i).asText());
            }
            // Foundry's well-known first account of the default mnemonic
            assertThat(anvil.credentials(0).getAddress())
                    .isEqualToIgnoringCase("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
            assertThat(anvil.rpc("anvil_getAutomine").asBoolean()).isTrue();

            anvilHandle = ProcessHandle.current()
                    .descendants()
                    .filter(p ->
                            p.info().command().map(c -> c.endsWith("/anvil")).orElse(false))
                    .filter(p -> p.info()
                            .arguments()
                            .map(a -> String.join(" ", a).contains("31338"))
                            .orElse(false))
                    .findFirst()
                    .orElseThrow();
        } finally {
            anvil.close();
        }
        assertThat(anvil.isAlive()).isFalse();
        assertThat(anvilHandle.isAlive()).as("the anvil process itself").isFalse();
        assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", anvil.port()), 1_000);
                    }
                })
                .isInstanceOf(IOException.class);
        anvil.close(); // idempotent
    }

    @Test
    void two_chains_run_side_by_side_on_different_ports() throws Exception {
        try (AnvilProcess a = AnvilProcess.start();
                AnvilProcess b = AnvilProcess.start()) {
            assertThat(a.port()).isNotEqualTo(b.port());
            assertThat(a.rpc("eth_blockNumber").asText()).isEqualTo("0x0");
            a.rpc("anvil_mine", 2);
            assertThat(a.rpc("eth_blockNumber").asText()).isEqualTo("0x2");
            assertThat(b.rpc("eth_blockNumber").asText()).isEqualTo("0x0");
        }
    }

    @Test
    void a_missing_binary_is_reported_clearly() {
        assertThatThrownBy(() -> AnvilProcess.builder()
                        .binary(Path.of("/nonexistent/anvil"))
                        .start())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/nonexistent/anvil");
    }
}
