package io.coverclaims.cli;

import static io.coverclaims.cli.Durations.quote;

import io.coverclaims.platform.internal.DeadLetter;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./claims dead-letters <context>}: the context's dead letters with why each failed and where it came from; with
 * {@code --redrive <offset>}, that one sent back to its origin command topic, once, after a confirmation. The only
 * tool that writes.
 */
final class DeadLettersCommand {

    /** How far before a dead letter's time a redrive is looked for in a partition other than its origin's. */
    static final Duration CLOCK_MARGIN = Duration.ofDays(1);

    static String usage() {
        return """
                usage: ./claims dead-letters <context> [--bootstrap host:port]
                       ./claims dead-letters <context> --redrive <offset> [--yes] [--bootstrap host:port]

                Lists the dead letters of <context> (%s): the records its service
                could not process, on <context>.dead-letter, each with its offset, when and why it failed
                (dlq.reason, dlq.detail), where it came from (dlq.origin.topic, partition, offset), what it is,
                and whether it was redriven.

                  --redrive <offset>       send that dead letter back to its origin, once: its original key, bytes
                                           and headers, plus dlq.redriven-from=<context>.dead-letter-0@<offset>.
                                           Only a command goes back (to <context>.commands, which decides each
                                           command id once); not one that is already there with that marker (run
                                           it again: nothing is sent twice). Asks for confirmation first.
                  --yes                    do not ask (for scripts)
                  --partition <n>          the dead-letter topic's partition (default 0; the catalogue gives it one)
                  --bootstrap <host:port>  the Kafka cluster (default %s)
                """.formatted(String.join(", ", Contexts.names()), Cluster.DEFAULT_BOOTSTRAP);
    }

    /** One dead letter as read: where it is, its headers' story, and what its bytes are. */
    record Letter(ConsumerRecord<String, byte[]> record, String what) {

        String header(String name) {
            return DeadLetter.header(record.headers(), name);
        }

        String origin() {
            String topic = header(DeadLetter.ORIGIN_TOPIC);
            if (topic == null) {
                String store = header(DeadLetter.ORIGIN_STORE);
                return store == null ? "an unknown origin" : "state store " + store;
            }
            return LoggedEvent.position(
                    topic,
                    Integer.parseInt(header(DeadLetter.ORIGIN_PARTITION)),
                    Long.parseLong(header(DeadLetter.ORIGIN_OFFSET)));
        }
    }

    int run(List<String> argv, Invocation io) throws UsageException, IOException {
        Args args = Args.parse(argv, Set.of("bootstrap", "redrive", "partition"), Set.of(), Set.of("yes"));
        if (args.help()) {
            io.out().print(usage());
            return 0;
        }
        if (args.positionals().size() != 1) {
            throw new UsageException(
                    args.positionals().isEmpty()
                            ? "which context? ./claims dead-letters <context> (" + String.join(", ", Contexts.names())
                                    + ")"
                            : "one context only, not " + quote(String.join(" ", args.positionals())));
        }
        Contexts.Context context = Contexts.named(args.positionals().getFirst());
        int partition = (int)
                Math.min(Integer.MAX_VALUE, number(args.option("partition").orElse("0"), "--partition"));
        Optional<Long> redrive = args.option("redrive").isPresent()
                ? Optional.of(number(args.option("redrive").get(), "--redrive"))
                : Optional.empty();
        if (args.flag("yes") && redrive.isEmpty()) {
            throw new UsageException("--yes confirms a redrive: give --redrive <offset>");
        }
        try (Cluster cluster = new Cluster(args.option("bootstrap").orElse(Cluster.DEFAULT_BOOTSTRAP))) {
            TopicPartition topic = new TopicPartition(context.deadLetters(), partition);
            if (redrive.isPresent()) {
                return redrive(cluster, context, topic, redrive.get(), args.flag("yes"), io);
            }
            return list(cluster, context, topic, io);
        }
    }

    private static long number(String text, String option) throws UsageException {
        try {
            long value = Long.parseLong(text.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException(option + " takes a whole number ≥ 0, not " + quote(text));
    }

    // ---------------------------------------------------------------------------------------------------- list

    private int list(Cluster cluster, Contexts.Context context, TopicPartition topic, Invocation io) {
        AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
        List<Letter> letters = new ArrayList<>();
        cluster.scan(List.of(topic.topic()), ProgressBar.of("dead-letters: reading " + topic.topic(), io), record -> {
            if (record.partition() == topic.partition()) {
                letters.add(new Letter(record, describe(record, avro)));
            }
        });
        if (letters.isEmpty()) {
            io.out().println(topic.topic() + " on " + cluster.bootstrap() + ": no dead letters");
            return 0;
        }
        Map<String, String> redriven = redriven(cluster, context, topic, letters, io);
        io.out()
                .println(topic.topic() + " on " + cluster.bootstrap() + ": " + letters.size()
                        + (letters.size() == 1 ? " dead letter" : " dead letters"));
        for (Letter letter : letters) {
            io.out().println();
            print(letter, io);
            String marker = Redrive.marker(
                    topic.topic(), topic.partition(), letter.record().offset());
            String origin = letter.header(DeadLetter.ORIGIN_TOPIC);
            Optional<String> refusal = Redrive.refusal(context, origin, letter.header(DeadLetter.ORIGIN_STORE));
            if (redriven.containsKey(marker)) {
                io.out().println("    redriven: yes, as " + redriven.get(marker));
            } else if (refusal.isPresent()) {
                io.out().println("    redriven: no; cannot be: " + refusal.get());
            } else {
                io.out()
                        .println("    redriven: no  (./claims dead-letters " + context.name() + " --redrive "
                                + letter.record().offset() + ")");
            }
        }
        return 0;
    }

    private static void print(Letter letter, Invocation io) {
        ConsumerRecord<String, byte[]> record = letter.record();
        io.out()
                .println("offset " + record.offset() + "  " + letter.header(DeadLetter.FAILED_AT) + "  "
                        + letter.header(DeadLetter.REASON) + "  from " + letter.origin() + "  key "
                        + (record.key() == null ? "(none)" : record.key()));
        String detail = letter.header(DeadLetter.DETAIL);
        if (detail != null && !detail.isBlank()) {
            io.out().println("    detail: " + detail);
        }
        io.out().println("    record: " + letter.what());
        String redriveOf = letter.header(Redrive.REDRIVEN_FROM);
        if (redriveOf != null) {
            io.out().println("    it is the redrive of " + redriveOf + ", which failed again");
        }
    }

    /**
     * The redrives of these letters found on the context's command topic, marker → where: each partition read from a
     * little before the first letter's time (a redrive comes after its dead letter).
     */
    private Map<String, String> redriven(
            Cluster cluster,
            Contexts.Context context,
            TopicPartition deadLetters,
            List<Letter> letters,
            Invocation io) {
        long since = letters.stream()
                        .mapToLong(letter -> letter.record().timestamp())
                        .min()
                        .orElseThrow()
                - CLOCK_MARGIN.toMillis();
        Map<String, String> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = cluster.consumer(false)) {
            for (TopicPartition partition : cluster.partitions(consumer, context.commands())) {
                cluster.scanPartition(
                        partition,
                        cluster.offsetAt(partition, since),
                        ProgressBar.of("dead-letters: looking for redrives on " + partition, io),
                        record -> {
                            var header = record.headers().lastHeader(Redrive.REDRIVEN_FROM);
                            if (header != null) {
                                found.put(
                                        new String(header.value(), java.nio.charset.StandardCharsets.UTF_8),
                                        LoggedEvent.position(record.topic(), record.partition(), record.offset())
                                                + " at " + Instant.ofEpochMilli(record.timestamp()));
                            }
                        });
            }
        }
        return found;
    }

    /** What a dead letter's bytes are: a command or event with its ids, or why they do not decode. */
    static String describe(ConsumerRecord<String, byte[]> record, AvroSingleObjectDeserializer avro) {
        if (record.value() == null) {
            return "no value";
        }
        SpecificRecord value;
        try {
            value = avro.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return "does not decode (" + record.value().length + " bytes): " + e.getMessage();
        }
        Schema.Field field = value.getSchema().getField("metadata");
        Object metadata = field == null ? null : value.get(field.pos());
        String type = value.getSchema().getFullName();
        if (metadata instanceof CommandMetadata command) {
            return "command " + type + " " + command.getCommandId() + " for " + command.getAggregateId() + ", by "
                    + command.getActor() + ", issued " + command.getIssuedAt();
        }
        if (metadata instanceof EventMetadata event) {
            return "event " + type + " " + event.getEventId() + " of " + event.getAggregateId() + " v"
                    + event.getAggregateVersion() + ", by " + event.getActor() + ", at " + event.getOccurredAt();
        }
        return type;
    }

    // -------------------------------------------------------------------------------------------------- redrive

    private int redrive(
            Cluster cluster,
            Contexts.Context context,
            TopicPartition deadLetters,
            long offset,
            boolean confirmed,
            Invocation io)
            throws IOException {
        Optional<ConsumerRecord<String, byte[]>> found = cluster.recordAt(deadLetters, offset);
        if (found.isEmpty()) {
            io.err()
                    .println("claims dead-letters: " + deadLetters.topic() + " has no dead letter at offset " + offset
                            + " (./claims dead-letters " + context.name() + " lists them)");
            return 1;
        }
        ConsumerRecord<String, byte[]> record = found.get();
        Letter letter = new Letter(record, describe(record, new AvroSingleObjectDeserializer()));
        print(letter, io);
        String origin = letter.header(DeadLetter.ORIGIN_TOPIC);
        Optional<String> refusal = Redrive.refusal(context, origin, letter.header(DeadLetter.ORIGIN_STORE));
        if (refusal.isPresent()) {
            io.err().println("claims dead-letters: not redriven: " + refusal.get());
            return 1;
        }
        String marker = Redrive.marker(deadLetters.topic(), deadLetters.partition(), offset);
        int originPartition = Integer.parseInt(letter.header(DeadLetter.ORIGIN_PARTITION));
        long originOffset = Long.parseLong(letter.header(DeadLetter.ORIGIN_OFFSET));
        int partitions;
        try (KafkaConsumer<String, byte[]> consumer = cluster.consumer(false)) {
            partitions = cluster.partitions(consumer, origin).size();
        }
        // where it goes: where its key goes (the command processor's partition for the aggregate), as it first did
        int target = record.key() == null ? originPartition : Cluster.partitionOf(record.key(), partitions);
        TopicPartition targetPartition = new TopicPartition(origin, target);
        long from = target == originPartition // a redrive is appended after the record that failed
                ? originOffset
                : cluster.offsetAt(targetPartition, record.timestamp() - CLOCK_MARGIN.toMillis());
        List<String> earlier = new ArrayList<>();
        cluster.scanPartition(
                targetPartition,
                from,
                ProgressBar.of("dead-letters: looking for an earlier redrive on " + targetPartition, io),
                candidate -> {
                    if (Redrive.isRedriveOf(candidate.headers(), marker)) {
                        earlier.add(LoggedEvent.position(candidate.topic(), candidate.partition(), candidate.offset())
                                + " at " + Instant.ofEpochMilli(candidate.timestamp()));
                    }
                });
        if (!earlier.isEmpty()) {
            io.out()
                    .println("already redriven as " + earlier.getFirst() + " (" + Redrive.REDRIVEN_FROM + "=" + marker
                            + "): not sent again");
            return 0;
        }
        if (!confirmed) {
            io.err()
                    .print("Send it back to " + targetPartition + " (" + Redrive.REDRIVEN_FROM + "=" + marker
                            + ")? [y/N] ");
            io.err().flush();
            String answer = io.in().readLine();
            if (answer == null || !Set.of("y", "yes").contains(answer.strip().toLowerCase(java.util.Locale.ROOT))) {
                if (answer == null) {
                    io.err().println();
                }
                io.err()
                        .println("claims dead-letters: not sent"
                                + (answer == null ? " (no answer; --yes confirms)" : ""));
                return 1;
            }
        }
        KafkaProducer<String, byte[]> producer = cluster.producer();
        RecordMetadata sent;
        try {
            sent = producer.send(new ProducerRecord<>(
                            origin,
                            target,
                            null,
                            record.key(),
                            record.value(),
                            Redrive.headers(record.headers(), marker, io.clock().instant())))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new Unavailable(
                    "sending to " + targetPartition + " on " + cluster.bootstrap() + " failed: "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
        io.out()
                .println("redriven: sent to " + LoggedEvent.position(sent.topic(), sent.partition(), sent.offset())
                        + " with " + Redrive.REDRIVEN_FROM + "=" + marker + " (" + letter.what() + ")");
        return 0;
    }
}
