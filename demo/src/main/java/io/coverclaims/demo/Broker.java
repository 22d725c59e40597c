package io.coverclaims.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local single-node KRaft Kafka broker (deploy's {@code LocalKafkaBroker}, in its own JVM, on the class path deploy
 * writes to {@code deploy/target/kafka-broker/classpath.txt}), its data in the demo's state, every catalogue topic
 * created at start.
 */
final class Broker {

    static final String MAIN = "io.coverclaims.deploy.kafka.LocalKafkaBroker";
    static final String READY = "KAFKA_READY bootstrap=";
    static final int DOCUMENTED_PORT = 9092;

    final int port;
    final String bootstrap;
    final Processes.Child child;
    final boolean reused;

    private Broker(int port, Processes.Child child, boolean reused) {
        this.port = port;
        this.bootstrap = "127.0.0.1:" + port;
        this.child = child;
        this.reused = reused;
    }

    static Broker start(DemoContext demo, Progress.Step step) {
        Path classpathFile = demo.root().resolve("deploy/target/kafka-broker/classpath.txt");
        if (!Files.isRegularFile(classpathFile)) {
            throw new DemoFailure("the broker is not built (" + classpathFile
                    + " is missing): run ./claims demo without" + " --no-build, or ./mvnw -pl deploy package");
        }
        String classpath;
        try {
            classpath = Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new DemoFailure("cannot read " + classpathFile + ": " + e);
        }
        Path data = demo.state().resolve("kafka");
        boolean reused = Files.isRegularFile(data.resolve("cluster.id"));
        int port = demo.ports().pick("the Kafka broker", DOCUMENTED_PORT);
        Path log = demo.logs().resolve("broker.log");
        Path servicePids = demo.state().resolve("service-pids");
        demo.processes().recordServicePidsIn(servicePids);
        Processes.Child keeper = demo.processes()
                .start(
                        "broker-keeper",
                        Processes.Kind.KEEPER,
                        List.of("sh", "-c", Processes.KEEPER, "broker-keeper", servicePids.toString()),
                        Map.of(),
                        demo.state(),
                        log,
                        true);
        List<String> command = new ArrayList<>(List.of(
                Java.binary(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(Java.unsafeMemoryAccess());
        command.addAll(List.of(
                "-cp",
                classpath,
                MAIN,
                "--data",
                data.toString(),
                "--port",
                Integer.toString(port),
                "--catalogue",
                demo.root()
                        .resolve("schemas/src/main/resources/topic-catalogue.json")
                        .toString(),
                "--parent-pid",
                Long.toString(keeper.pid()))); // it outlives the launcher until the services are gone
        long logStart = size(log);
        Processes.Child child =
                demo.processes().start("broker", Processes.Kind.BROKER, command, Map.of(), demo.state(), log, false);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            String ready = readyLine(log, logStart);
            if (ready != null) {
                Broker broker = new Broker(port, child, reused);
                step.detail("KRaft broker (broker and controller, one JVM) on " + broker.bootstrap + ", every topic of"
                        + " the catalogue created; data " + demo.relative(data)
                        + (reused ? " (kept from earlier runs)" : ""));
                return broker;
            }
            demo.processes().checkAlive();
            if (System.nanoTime() > deadline) {
                throw new DemoFailure("the broker did not report ready within 120 s", "broker");
            }
            step.status("waiting for " + READY.trim());
            sleep(100);
        }
    }

    private static String readyLine(Path log, long from) {
        try {
            if (!Files.exists(log)) {
                return null;
            }
            byte[] bytes = Files.readAllBytes(log);
            String text = new String(
                    bytes,
                    (int) Math.min(from, bytes.length),
                    (int) Math.max(0, bytes.length - from),
                    StandardCharsets.UTF_8);
            int at = text.indexOf(READY);
            return at < 0 ? null : text.substring(at, Math.max(at, text.indexOf('\n', at)));
        } catch (IOException e) {
            return null;
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted");
        }
    }
}
