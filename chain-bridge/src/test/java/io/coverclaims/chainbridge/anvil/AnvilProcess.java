package io.coverclaims.chainbridge.anvil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;

/**
 * A local anvil chain in a child process, for tests. Test support: it lives in the test sources and never ships in
 * the service jar.
 *
 * <p>anvil comes from the npm package {@code @foundry-rs/anvil-linux-amd64}, installed by the build's
 * {@code npm ci} into {@code chain-bridge/contracts/node_modules}. The binary is taken from, in order:
 * {@link Builder#binary(Path)}, the system property {@value #BINARY_PROPERTY}, the environment variable
 * {@value #BINARY_ENV}, or {@value #PACKAGE_BINARY} under {@code contracts/} or
 * {@code chain-bridge/contracts/} of the working directory or one of its parents.
 *
 * <p>The chain auto-mines (one block per transaction, no block time), listens on a free loopback port
 * chosen by anvil itself ({@code --port 0}, no race), and uses a fixed mnemonic and chain id, so
 * account {@code i} is always the same key ({@link #credentials(int)}, BIP-44 path
 * {@code m/44'/60'/0'/0/i}, as anvil derives them). {@link #start()} returns once the node answers
 * {@code eth_chainId} with the expected id.
 *
 * <p>Lifetime: {@link #close()} stops it; a JVM shutdown hook stops it too; and because anvil is run
 * under a small {@code sh} guard that kills it when the JVM's end of its stdin pipe closes, it also
 * dies when the JVM is killed outright.
 */
public final class AnvilProcess implements AutoCloseable {

    /** Foundry's well-known test mnemonic (the default anvil accounts). Never use it for real funds. */
    public static final String DEFAULT_MNEMONIC = "test test test test test test test test test test test junk";
    /** anvil's default chain id. */
    public static final long DEFAULT_CHAIN_ID = 31337L;
    /** Pinned hardfork, so gas figures do not move with anvil's default. */
    public static final String DEFAULT_HARDFORK = "prague";
    /** System property naming the anvil binary. */
    public static final String BINARY_PROPERTY = "coverclaims.anvil.binary";
    /** Environment variable naming the anvil binary. */
    public static final String BINARY_ENV = "COVERCLAIMS_ANVIL_BINARY";
    /** System property naming a directory for anvil's output logs (otherwise the output is only kept in memory). */
    public static final String LOG_DIR_PROPERTY = "coverclaims.anvil.log-dir";
    /** The binary's path inside the contracts folder. */
    public static final String PACKAGE_BINARY = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";

    private static final Pattern LISTENING = Pattern.compile("Listening on ([^\\s:]+):(\\d+)");
    private static final int OUTPUT_TAIL_LINES = 60;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong THREADS = new AtomicLong();

    /**
     * Runs anvil ("$@") with stdin from /dev/null, waits until its own stdin (the JVM's pipe) reaches
     * EOF, which happens on close() or when the JVM dies, then stops anvil and waits for it.
     */
    private static final String GUARD_SCRIPT =
            "\"$@\" </dev/null & child=$!; cat >/dev/null; kill $child 2>/dev/null; wait $child";

    private final Process guard;
    private final String host;
    private final int port;
    private final long chainId;
    private final String mnemonic;
    private final int accounts;
    private final Path logFile;
    private final Deque<String> outputTail;
    private final HttpClient http;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong rpcIds = new AtomicLong();
    private final ConcurrentHashMap<Integer, Credentials> credentialsCache = new ConcurrentHashMap<>();

    private AnvilProcess(
            Process guard,
            String host,
            int port,
            Builder builder,
            Path logFile,
            Deque<String> outputTail,
            HttpClient http,
            Thread shutdownHook) {
        this.guard = guard;
        this.host = host;
        this.port = port;
        this.chainId = builder.chainId;
        this.mnemonic = builder.mnemonic;
        this.accounts = builder.accounts;
        this.logFile = logFile;
        this.outputTail = outputTail;
        this.http = http;
        this.shutdownHook = shutdownHook;
    }

    /** @return a builder with the defaults (default mnemonic, chain id 31337, 10 accounts of 10,000 ETH) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts anvil with the defaults.
     *
     * @return the running chain, answering {@code eth_chainId}
     * @throws IOException if the binary is missing or anvil does not come up
     */
    public static AnvilProcess start() throws IOException {
        return builder().start();
    }

    /** @return the HTTP JSON-RPC endpoint, e.g. {@code http://127.0.0.1:43365} */
    public String rpcUrl() {
        return "http://" + host + ":" + port;
    }

    /** @return the TCP port anvil listens on */
    public int port() {
        return port;
    }

    /** @return the chain id */
    public long chainId() {
        return chainId;
    }

    /** @return the mnemonic the accounts derive from */
    public String mnemonic() {
        return mnemonic;
    }

    /** @return the number of funded accounts */
    public int accounts() {
        return accounts;
    }

    /** @return the file anvil's output goes to, if a log directory was configured */
    public Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }

    /** @return whether the process is still running */
    public boolean isAlive() {
        return guard.isAlive();
    }

    /**
     * The keys of funded account {@code index} ({@code m/44'/60'/0'/0/index} of the mnemonic).
     *
     * @param index 0 to {@code accounts() - 1}
     * @return the credentials
     */
    public Credentials credentials(int index) {
        if (index < 0 || index >= accounts) {
            throw new IllegalArgumentException("account index " + index + " not in [0, " + accounts + ")");
        }
        return credentialsCache.computeIfAbsent(index, i -> deriveCredentials(mnemonic, i));
    }

    /**
     * Derives account {@code index} of a BIP-39 mnemonic (empty passphrase) on Ethereum's BIP-44 path.
     *
     * @param mnemonic the mnemonic
     * @param index the address index
     * @return the credentials
     */
    public static Credentials deriveCredentials(String mnemonic, int index) {
        byte[] seed = MnemonicUtils.generateSeed(mnemonic, "");
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
        int[] path = {
            44 | Bip32ECKeyPair.HARDENED_BIT, 60 | Bip32ECKeyPair.HARDENED_BIT, Bip32ECKeyPair.HARDENED_BIT, 0, index
        };
        return Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path));
    }

    /**
     * Sends one JSON-RPC request, e.g. {@code rpc("evm_snapshot")} or {@code rpc("anvil_mine", 3)}.
     *
     * @param method the method
     * @param params positional parameters (mapped to JSON by Jackson)
     * @return the {@code result} member
     * @throws IOException on a transport problem or a JSON-RPC error
     */
    public JsonNode rpc(String method, Object... params) throws IOException {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", rpcIds.incrementAndGet());
        request.put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object param : params) {
            array.add(JSON.valueToTree(param));
        }
        HttpRequest httpRequest = HttpRequest.newBuilder(URI.create(rpcUrl()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + method, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(method + ": HTTP " + response.statusCode() + ": " + response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        if (body.hasNonNull("error")) {
            throw new IOException(method + ": " + body.get("error"));
        }
        return body.get("result");
    }

    /** @return the last lines anvil printed (for diagnostics) */
    public List<String> outputTail() {
        synchronized (outputTail) {
            return List.copyOf(outputTail);
        }
    }

    /** Stops anvil and waits for it to exit. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
        stop(guard);
    }

    private static void stop(Process guard) {
        try {
            guard.getOutputStream().close(); // EOF for the guard's cat: it kills anvil and waits for it
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!guard.waitFor(10, TimeUnit.SECONDS)) {
                guard.descendants().forEach(ProcessHandle::destroyForcibly);
                guard.destroyForcibly();
                guard.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            guard.descendants().forEach(ProcessHandle::destroyForcibly);
            guard.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "AnvilProcess[" + rpcUrl() + ", chainId=" + chainId + ", alive=" + isAlive() + "]";
    }

    /** Settings of an anvil to start. */
    public static final class Builder {
        private Path binary;
        private String mnemonic = DEFAULT_MNEMONIC;
        private long chainId = DEFAULT_CHAIN_ID;
        private int accounts = 10;
        private long balanceEther = 10_000;
        private String hardfork = DEFAULT_HARDFORK;
        private String host = "127.0.0.1";
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Path logDir = systemLogDir();
        private final List<String> extraArgs = new ArrayList<>();

        private Builder() {}

        /** The anvil binary (default: see the class documentation). */
        public Builder binary(Path binary) {
            this.binary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /** The BIP-39 mnemonic of the funded accounts. */
        public Builder mnemonic(String mnemonic) {
            this.mnemonic = Objects.requireNonNull(mnemonic, "mnemonic");
            return this;
        }

        /** The chain id. */
        public Builder chainId(long chainId) {
            this.chainId = chainId;
            return this;
        }

        /** The number of funded accounts. */
        public Builder accounts(int accounts) {
            if (accounts < 1) {
                throw new IllegalArgumentException("accounts must be positive");
            }
            this.accounts = accounts;
            return this;
        }

        /** The balance of each funded account, in ether. */
        public Builder balanceEther(long balanceEther) {
            this.balanceEther = balanceEther;
            return this;
        }

        /** The hardfork, e.g. "prague" or "cancun". */
        public Builder hardfork(String hardfork) {
            this.hardfork = Objects.requireNonNull(hardfork, "hardfork");
            return this;
        }

        /** The address to listen on (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** How long to wait for anvil to answer {@code eth_chainId} (default 60 s). */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
            return this;
        }

        /** A directory for anvil's output log (default: system property {@value #LOG_DIR_PROPERTY}, else none). */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** Further anvil command-line arguments. */
        public Builder extraArgs(String... args) {
            Collections.addAll(extraArgs, args);
            return this;
        }

        /**
         * Starts anvil and waits until it answers {@code eth_chainId} with the configured chain id.
         *
         * @return the running chain
         * @throws IOException if the binary is missing, anvil exits, or it does not answer in time
         */
        public AnvilProcess start() throws IOException {
            Path executable = binary != null ? binary : locateBinary();
            if (!Files.isExecutable(executable)) {
                throw new IOException("anvil binary not found or not executable: " + executable
                        + " (it is installed by the chain-bridge build's npm ci in chain-bridge/contracts)");
            }
            List<String> command = new ArrayList<>(List.of(
                    "sh",
                    "-c",
                    GUARD_SCRIPT,
                    "anvil-guard",
                    executable.toString(),
                    "--host",
                    host,
                    "--port",
                    "0",
                    "--chain-id",
                    Long.toString(chainId),
                    "--mnemonic",
                    mnemonic,
                    "--accounts",
                    Integer.toString(accounts),
                    "--balance",
                    Long.toString(balanceEther),
                    "--hardfork",
                    hardfork));
            command.addAll(extraArgs);

            Path logFile = null;
            Writer log = null;
            if (logDir != null) {
                Files.createDirectories(logDir);
                logFile = Files.createTempFile(logDir, "anvil-", ".log");
                log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
            }
            Process guard =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread hook = new Thread(() -> stop(guard), "anvil-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);

            Deque<String> tail = new ArrayDeque<>();
            CompletableFuture<Integer> listening = new CompletableFuture<>();
            Thread reader =
                    new Thread(outputReader(guard, log, tail, listening), "anvil-output-" + THREADS.incrementAndGet());
            reader.setDaemon(true);
            reader.start();

            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            AnvilProcess anvil = null;
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            try {
                int port = listening.get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
                anvil = new AnvilProcess(guard, host, port, this, logFile, tail, http, hook);
                awaitChainId(anvil, deadline);
                return anvil;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while starting anvil", guard, hook, tail, e);
            } catch (ExecutionException | TimeoutException | IOException e) {
                throw failure("anvil did not start: " + e.getMessage(), guard, hook, tail, e);
            }
        }

        private void awaitChainId(AnvilProcess anvil, long deadline) throws IOException, InterruptedException {
            String expected = "0x" + Long.toHexString(chainId);
            IOException last = null;
            while (System.nanoTime() < deadline) {
                if (!anvil.isAlive()) {
                    throw new IOException("anvil exited with " + anvil.guard.exitValue());
                }
                try {
                    JsonNode result = anvil.rpc("eth_chainId");
                    if (result != null && expected.equalsIgnoreCase(result.asText())) {
                        return;
                    }
                    throw new IOException("eth_chainId answered " + result + ", expected " + expected);
                } catch (IOException e) {
                    last = e;
                    Thread.sleep(50);
                }
            }
            throw new IOException("no eth_chainId answer within " + startupTimeout, last);
        }

        private static IOException failure(
                String message, Process guard, Thread hook, Deque<String> tail, Exception cause) {
            stop(guard);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down
            }
            String output;
            synchronized (tail) {
                output = String.join("\n", tail);
            }
            return new IOException(message + "\n--- anvil output (tail) ---\n" + output, cause);
        }

        private static Runnable outputReader(
                Process guard, Writer log, Deque<String> tail, CompletableFuture<Integer> listening) {
            return () -> {
                try (BufferedReader in = new BufferedReader(
                                new InputStreamReader(guard.getInputStream(), StandardCharsets.UTF_8));
                        Writer out = log) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        synchronized (tail) {
                            tail.addLast(line);
                            if (tail.size() > OUTPUT_TAIL_LINES) {
                                tail.removeFirst();
                            }
                        }
                        if (out != null) {
                            out.write(line);
                            out.write('\n');
                            out.flush();
                        }
                        if (!listening.isDone()) {
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                listening.complete(Integer.parseInt(m.group(2)));
                            }
                        }
                    }
                } catch (IOException e) {
                    listening.completeExceptionally(new UncheckedIOException(e));
                } finally {
                    listening.completeExceptionally(new IOException("anvil output ended (process exited)"));
                }
            };
        }

        private static Path systemLogDir() {
            String dir = System.getProperty(LOG_DIR_PROPERTY);
            return dir == null || dir.isBlank() ? null : Path.of(dir);
        }

        private static Path locateBinary() throws IOException {
            String configured = System.getProperty(BINARY_PROPERTY);
            if (configured == null || configured.isBlank()) {
                configured = System.getenv(BINARY_ENV);
            }
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured);
            }
            List<Path> tried = new ArrayList<>();
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                for (String base : List.of("contracts", "chain-bridge/contracts")) {
                    Path candidate = dir.resolve(base).resolve(PACKAGE_BINARY);
                    if (Files.isExecutable(candidate)) {
                        return candidate;
                    }
                    tried.add(candidate);
                }
            }
            throw new IOException("anvil binary not found; set -D" + BINARY_PROPERTY + " or " + BINARY_ENV
                    + ", or run the chain-bridge build (npm ci in chain-bridge/contracts). Tried: " + tried);
        }
    }
}
