package io.coverclaims.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Every process the demo starts, and the guarantee that none outlives it.
 *
 * <ul>
 *   <li>Each child runs in a session of its own ({@code setsid}, where there is one), so Ctrl-C reaches only the
 *       launcher, which then stops them in order: services first (they leave their consumer groups), then the broker,
 *       then the chain.
 *   <li>If the launcher dies without that (kill -9), each child ends by itself: the services through {@code
 *       coverclaims.parent-pid} (the kernel's ParentWatch: they shut down cleanly, leaving their consumer groups), anvil
 *       through its guard shell, which stops it when the launcher's end of the guard's stdin closes (the kernel closes it
 *       with the process), and the broker through {@code --parent-pid}, which names not the launcher but the broker's
 *       keeper: a shell that, once the launcher is gone the same way, waits (up to 30 s) for the services to end before
 *       it ends, so that they still have a broker to leave their groups with (without one each waits a minute for
 *       its Kafka clients to give up).
 *   <li>A sampler reads the resident memory (VmRSS in /proc) of the launcher and every child with its descendants each
 *       second and keeps the peak of their sum.
 * </ul>
 */
final class Processes {

    /** What a child is; also the order {@link #stopAll()} stops them in. */
    enum Kind {
        SERVICE,
        BROKER,
        KEEPER,
        CHAIN
    }

    /**
     * The broker's keeper (see the class comment): waits until its stdin closes (the launcher is gone or done), then
     * until none of the services whose pids the file {@code $1} lists is alive, 30 s at most.
     */
    static final String KEEPER =
            "cat >/dev/null; i=0; while [ $i -lt 60 ]; do alive=; for p in $(cat \"$1\" 2>/dev/null);"
                    + " do kill -0 \"$p\" 2>/dev/null && alive=yes; done; [ -z \"$alive\" ] && exit 0; sleep 0.5; i=$((i+1));"
                    + " done";

    /** A running child: its name (e.g. "pool-service"), what it is, the process and its log file. */
    static final class Child {
        final String name;
        final Kind kind;
        final Process process;
        final Path log;
        volatile boolean stopping;

        Child(String name, Kind kind, Process process, Path log) {
            this.name = name;
            this.kind = kind;
            this.process = process;
            this.log = log;
        }

        /** What its memory counts towards: the keeper's towards the broker's. */
        String group() {
            return kind == Kind.KEEPER ? "broker" : name;
        }

        long pid() {
            return process.pid();
        }

        boolean alive() {
            return process.isAlive();
        }
    }

    private static final Optional<String> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(path -> Files.isExecutable(Path.of(path)))
            .findFirst();

    private final List<Child> children = new CopyOnWriteArrayList<>();
    private final Memory memory = new Memory();
    private volatile Path servicePids;

    Processes() {
        Thread sampler = new Thread(memory::run, "demo-memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Where the pids of the running services are kept, for the broker's keeper. */
    void recordServicePidsIn(Path file) {
        this.servicePids = file;
    }

    /**
     * Starts {@code command} with its output (stdout and stderr) appended to {@code log}, in a session of its own.
     *
     * @param keepStdin leave the child's stdin open (a pipe from the launcher: anvil's guard watches it); otherwise it
     *     is closed at once
     */
    Child start(
            String name,
            Kind kind,
            List<String> command,
            Map<String, String> environment,
            Path workDir,
            Path log,
            boolean keepStdin) {
        List<String> full = new ArrayList<>();
        SETSID.ifPresent(full::add);
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        environment.forEach((key, value) -> {
            if (value == null) {
                env.remove(key);
            } else {
                env.put(key, value);
            }
        });
        try {
            Files.createDirectories(log.getParent());
            Process process = builder.start();
            if (!keepStdin) {
                process.getOutputStream().close();
            }
            Child child = new Child(name, kind, process, log);
            children.add(child);
            if (kind == Kind.SERVICE) {
                writeServicePids();
            }
            return child;
        } catch (IOException e) {
            throw new DemoFailure("cannot start " + name + ": " + e.getMessage(), name, e);
        }
    }

    private void writeServicePids() {
        Path file = servicePids;
        if (file == null) {
            return;
        }
        StringBuilder pids = new StringBuilder();
        children.stream()
                .filter(child -> child.kind == Kind.SERVICE && child.alive())
                .forEach(child -> pids.append(child.pid()).append('\n'));
        try {
            Files.writeString(file, pids.toString(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new DemoFailure("cannot write " + file + ": " + e);
        }
    }

    /** A child that ended although nobody stopped it, if any. */
    Optional<Child> died() {
        return children.stream()
                .filter(child -> !child.stopping && !child.alive())
                .findFirst();
    }

    /** Throws a failure naming the first child that ended although nobody stopped it. */
    void checkAlive() {
        died().ifPresent(child -> {
            throw new DemoFailure(
                    child.name + " exited unexpectedly (status " + child.process.exitValue() + ")", child.name);
        });
    }

    List<Child> children() {
        return List.copyOf(children);
    }

    /** Stops one child: SIGTERM, then SIGKILL (with its descendants) after {@code grace}. */
    void stop(Child child, Duration grace) {
        child.stopping = true;
        if (child.kind == Kind.CHAIN || child.kind == Kind.KEEPER) {
            try {
                child.process
                        .getOutputStream()
                        .close(); // anvil's guard stops it (it writes its state); the keeper ends
            } catch (IOException ignored) {
                // already closed
            }
        } else {
            child.process.destroy();
        }
        try {
            if (!child.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(child);
            }
        } catch (InterruptedException e) {
            kill(child);
            Thread.currentThread().interrupt();
        }
        child.process.descendants().forEach(ProcessHandle::destroyForcibly);
        children.remove(child);
    }

    /** Stops every child, in order: services (together), then the broker, then the chain. */
    int stopAll() {
        List<Child> all = children();
        all.forEach(child -> child.stopping = true);
        int stopped = 0;
        for (Kind kind : Kind.values()) {
            List<Thread> stoppers = new ArrayList<>();
            for (Child child : all) {
                if (child.kind == kind) {
                    stopped++;
                    Thread stopper = new Thread(() -> stop(child, Duration.ofSeconds(20)), "stop-" + child.name);
                    stopper.start();
                    stoppers.add(stopper);
                }
            }
            for (Thread stopper : stoppers) {
                try {
                    stopper.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (Child child : children()) { // whatever is left, however it got there
            kill(child);
            children.remove(child);
        }
        return stopped;
    }

    private static void kill(Child child) {
        child.process.descendants().forEach(ProcessHandle::destroyForcibly);
        child.process.destroyForcibly();
        try {
            child.process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Memory memory() {
        return memory;
    }

    /** The last {@code lines} lines of a log. */
    static List<String> tail(Path log, int lines) {
        try {
            if (!Files.exists(log)) {
                return List.of("(no log at " + log + ")");
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException | UncheckedIOException e) {
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                return all.subList(Math.max(0, all.size() - lines), all.size());
            } catch (IOException again) {
                return List.of("(cannot read " + log + ": " + again + ")");
            }
        }
    }

    /**
     * Resident memory of the launcher and every child (with its descendants: anvil runs under its guard shell), read
     * from /proc/PID/status (VmRSS) once a second. Keeps the peak of the sum and what each process held then.
     */
    final class Memory {
        private long peakKb;
        private Map<String, Long> atPeak = Map.of();
        private long samples;

        private void run() {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        }

        synchronized void sample() {
            if (!Files.isDirectory(Path.of("/proc/self"))) {
                return;
            }
            Map<String, Long> now = new LinkedHashMap<>();
            now.put("launcher", rss(ProcessHandle.current()));
            for (Child child : children) {
                long kb = rss(child.process.toHandle());
                for (ProcessHandle descendant : child.process.descendants().toList()) {
                    kb += rss(descendant);
                }
                now.merge(child.group(), kb, Long::sum);
            }
            long total = now.values().stream().mapToLong(Long::longValue).sum();
            samples++;
            if (total > peakKb) {
                peakKb = total;
                atPeak = now;
            }
        }

        synchronized long peakKb() {
            return peakKb;
        }

        synchronized Map<String, Long> atPeak() {
            return atPeak;
        }

        synchronized long samples() {
            return samples;
        }

        private static long rss(ProcessHandle process) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended between listing and reading
            }
            return 0;
        }
    }
}
