package io.coverclaims.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./claims demo} as a user runs it, so that a broken demo fails CI: {@code ./claims test} runs this module after
 * the services are packaged (the reactor builds them first), and this test runs {@code ./claims demo --once --fresh}
 * (without building: the reactor did; with a state directory of its own under demo/target, so a user's .local/demo is
 * untouched) and prints its output. Then it checks that no process the demo started is left, and that a launcher killed
 * with kill -9 leaves none either.
 */
class DemoTest {

    static final Path ROOT = Path.of(System.getProperty("coverclaims.root", ".."))
            .toAbsolutePath()
            .normalize();

    /** Every step the demo must tick today (chapters added later tick theirs too). */
    static final List<String> STEPS = List.of(
            "Kafka broker",
            "Local chain: anvil, ClaimsPool, its test token and price feed",
            "policy-service ready",
            "pool-service ready",
            "claim-service ready",
            "oracle-service ready",
            "governance-service ready",
            "chain-bridge ready",
            "An operator creates risk pool pool-demo",
            "Capital providers deposit tUSD on chain, chain-bridge reports it",
            "An operator defines product prod-demo-exploit",
            "Buyer dev:5 gets a quote and buys 1-day cover",
            "Buyer dev:6 gets a quote and buys 30-day cover",
            "Buyer dev:7 asks for",
            "dev:5's 1-day cover expires on time and gives its capacity back",
            "An operator appoints the PROTOCOL_EXPLOIT assessors",
            "Buyer dev:7 gets a quote and buys 30-day cover of 8,000 tUSD",
            "An operator declares incident inc-demo-",
            "dev:5 claims 4,000 tUSD naming inc-demo-",
            "dev:6 claims 10,000 tUSD naming inc-demo-",
            "dev:7 claims 3,000 tUSD naming inc-demo-",
            "The assessors vote on dev:5's claim",
            "The assessors vote on dev:6's claim",
            "The assessors vote on dev:7's claim",
            "dev:5's claim is accepted in full, settled by the pool",
            "dev:6's claim is accepted partially, at the median of the assessed losses, settled by the pool",
            "dev:7's claim is denied; dev:7 appeals (signed AppealClaim) and pays the appeal bond on chain",
            "The arbiter dev:13 upholds dev:7's appeal",
            "dev:7's claim is accepted on appeal, settled by the pool",
            "dev:5 fetches its proofs and redeems its payout and refunds on chain",
            "dev:6 fetches its proofs and redeems its payout and refunds on chain",
            "dev:7 fetches its proofs and redeems its payout and refunds on chain",
            "An operator lets prod-demo-exploit use all of pool-demo's capacity",
            "Buyer dev:8 gets a quote and buys 30-day cover of 60,000 tUSD",
            "dev:6 claims 40,000 tUSD naming inc-demo-",
            "dev:7 claims 5,000 tUSD naming inc-demo-",
            "dev:8 claims 45,000 tUSD naming inc-demo-",
            "dev:6's claim is accepted; its payout waits for the incident's ratio",
            "dev:7's claim is accepted; its payout waits for the incident's ratio",
            "dev:8's claim is accepted; its payout waits for the incident's ratio",
            "The claim window of inc-demo-",
            "The premiums the pool booked are moved into ClaimsPool",
            "Every claim of inc-demo-",
            "dev:8 fetches its proofs and redeems its payout and refunds on chain",
            "A second test price feed on chain: TestPriceFeed USDC / USD",
            "An operator defines feed USDC-USD: 2 of 3 sources",
            "An operator defines product prod-usdc-depeg",
            "An operator lets pool-demo underwrite prod-usdc-depeg",
            "Capital provider dev:3 deposits fresh capital on chain",
            "Buyer dev:5 buys 30-day USDC depeg cover of 10,000 tUSD",
            "Buyer dev:6 buys 30-day USDC depeg cover of 20,000 tUSD",
            "Buyer dev:6 buys 30-day USDC depeg cover of 5,000 tUSD",
            "Buyer dev:7 buys 30-day USDC depeg cover of 8,000 tUSD",
            "Buyer dev:8 buys 30-day USDC depeg cover of 12,000 tUSD",
            "An operator defines trigger trg-usdc-depeg",
            "Honest prices: chain-bridge reads the feed's round, both reporters sign 1.0000",
            "A manipulated source: reporter-b alone reports 0.9000, excluded for DEVIATION",
            "The peg breaks: the feed on chain answers 0.9700",
            "The price stays below 0.9990 for the window",
            "claim-service declares incident inc-",
            "Every parametric claim is accepted at once and settled by the pool",
            "chain-bridge anchors every payout",
            "dev:5 redeems its depeg payout on chain",
            "dev:6 redeems its depeg payouts on chain",
            "dev:7 redeems its depeg payout on chain",
            "dev:8 redeems its depeg payout on chain",
            "The depeg incident inc-",
            "Four more capital providers (dev:10 … dev:13) deposit",
            "Member dev:3 proposes to change the claim deposit (signed ProposeChange)",
            "The members vote FOR, each signing CastGovernanceVote",
            "Voting ends, the proposal passes, waits its timelock and the scheduler executes it",
            "Buyer dev:5 buys 30-day cover of 2,000 tUSD for the governance chapter's claim",
            "dev:5 claims 1,000 tUSD naming inc-demo-",
            "claim-service asked dev:5's claim for the new deposit, and recorded it",
            "Guardian dev:16 asks to pause claims (signed RequestPauseChange): one guardian alone pauses nothing",
            "Guardian dev:17 approves (signed ApprovePauseChange): claims paused, 2 of 3",
            "The assessors vote on dev:5's claim (each signs CastAssessmentVote): all three ACCEPT while claims are",
            "dev:5's claim is accepted while claims are paused: its settlement waits",
            "A claim submitted meanwhile is refused: 422 PAUSED, nothing emitted",
            "Guardians dev:17 and dev:18 lift the pause of claims (2 of 3 again)",
            "dev:5's claim is accepted; its parked settlement resumed after the unpause, exactly once",
            "dev:5's claim was settled exactly once",
            "Guardians dev:16 and dev:17 pause everything: every service refuses, the pool contract stops",
            "Guardians dev:17 and dev:18 lift it: every service and the pool contract run again",
            "Every service is at rest: nothing parked, no deadline due within 3 min, the topics quiet",
            "Every pool's ledger is conserved",
            "On-chain balances equal what the services recorded",
            "A replay of every context from offset 0 gives the same state",
            "No record was dead-lettered");

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void the_demo_ticks_every_step_of_its_scenario_passes_its_verification_and_leaves_no_process_behind()
            throws Exception {
        Path state = ROOT.resolve("demo/target/demo-state");
        Run run = Run.start(state, "--once");
        try {
            assertThat(run.process.waitFor(13, TimeUnit.MINUTES))
                    .as("./claims demo --once ended")
                    .isTrue();
            run.drained();
            String output = run.output();
            assertThat(run.process.exitValue())
                    .as("exit status of ./claims demo --once")
                    .isZero();
            for (String step : STEPS) {
                assertThat(run.lines())
                        .as("the step \"" + step + "\" ticked")
                        .anyMatch(line -> line.matches("^  (✔|ok) " + Pattern.quote(step) + ".*"));
            }
            assertThat(output).contains("Verification passed: 5 of 5 checks.");
            assertThat(output).doesNotContain("✘").doesNotContain("FAILED");
            assertThat(output).containsPattern("Peak memory of all 9 processes together");
        } finally {
            run.killTree();
        }
        assertNoProcessLeft(state);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void a_launcher_killed_with_kill_9_leaves_none_of_the_processes_it_started() throws Exception {
        Path state = ROOT.resolve("demo/target/demo-kill9-state");
        Run run = Run.start(state, "--once");
        try {
            run.await(line -> line.contains("policy-service ready"), Duration.ofMinutes(4));
            assertThat(processesOf(state))
                    .as("the demo's processes while it runs")
                    .hasSizeGreaterThanOrEqualTo(9);
            run.process.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs in the launcher
            assertThat(run.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            System.out.println("DEMO launcher killed with SIGKILL; waiting for its children to go");
        } finally {
            run.killTree(); // if it got no further than starting: do not leave it running into the next test
            run.drained();
        }
        assertNoProcessLeft(state);
    }

    /** Waits (up to 90 s) until no process started for {@code state} is alive, then asserts so. */
    static void assertNoProcessLeft(Path state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long started = System.nanoTime();
        List<String> left = processesOf(state);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            left = processesOf(state);
        }
        System.out.printf(
                "DEMO processes left %d s after the end: %d%n",
                (System.nanoTime() - started) / 1_000_000_000, left.size());
        List<String> survivors = left;
        try {
            assertThat(survivors).as("processes of the demo still alive").isEmpty();
        } finally {
            processHandlesOf(state).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The processes whose command line names the demo's state directory: the launcher and everything it started. */
    static List<String> processesOf(Path state) {
        return processHandlesOf(state).stream()
                .map(process -> process.pid() + " " + commandLine(process))
                .toList();
    }

    static List<ProcessHandle> processHandlesOf(Path state) {
        String marker = state.toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(process -> process.pid() != self)
                .filter(process -> commandLine(process).contains(marker))
                .toList();
    }

    /**
     * The whole command line: /proc/PID/cmdline where there is one (ProcessHandle.Info cuts long ones, such as the
     * broker's and the launcher's with their class paths, before the arguments that name the state directory).
     */
    static String commandLine(ProcessHandle process) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return process.info().commandLine().orElse("");
        }
    }

    /** ./claims demo running, its output printed as it comes and kept. */
    static final class Run {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final Thread reader;

        private Run(Process process) {
            this.process = process;
            this.reader = new Thread(this::read, "demo-output");
            this.reader.setDaemon(true);
            this.reader.start();
        }

        static Run start(Path state, String... options) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    ROOT.resolve("claims").toString(), "demo", "--fresh", "--no-build", "--state", state.toString()));
            command.addAll(List.of(options));
            Process process = new ProcessBuilder(command)
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            return new Run(process);
        }

        private void read() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println("DEMO | " + line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }

        void await(Predicate<String> line, Duration patience) throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            while (lines().stream().noneMatch(line)) {
                assertThat(process.isAlive())
                        .as("./claims demo is running:\n" + output())
                        .isTrue();
                assertThat(System.nanoTime()).as("waited " + patience).isLessThan(deadline);
                Thread.sleep(200);
            }
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        String output() {
            return String.join("\n", lines());
        }

        void drained() throws InterruptedException {
            reader.join(10_000);
        }

        void killTree() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
