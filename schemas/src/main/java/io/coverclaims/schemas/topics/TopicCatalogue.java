package io.coverclaims.schemas.topics;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The topics every service and the broker agree on, read from {@value #RESOURCE} on the classpath. */
public final class TopicCatalogue {

    public static final String RESOURCE = "topic-catalogue.json";

    private record Document(List<TopicSpec> topics) {}

    private final List<TopicSpec> topics;

    private TopicCatalogue(List<TopicSpec> topics) {
        Set<String> names = new HashSet<>();
        for (TopicSpec topic : topics) {
            if (!names.add(topic.name())) {
                throw new IllegalStateException("topic " + topic.name() + " is listed twice in the catalogue");
            }
        }
        this.topics = List.copyOf(topics);
    }

    public static TopicCatalogue load() {
        try (InputStream in = TopicCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public static TopicCatalogue parse(InputStream json) throws IOException {
        return new TopicCatalogue(
                new ObjectMapper().readValue(json, Document.class).topics());
    }

    public List<TopicSpec> topics() {
        return topics;
    }

    public TopicSpec topic(String name) {
        return topics.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown topic " + name));
    }

    public List<TopicSpec> ownedBy(String service) {
        return topics.stream().filter(t -> t.owner().equals(service)).toList();
    }
}
