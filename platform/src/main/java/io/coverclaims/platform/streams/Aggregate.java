package io.coverclaims.platform.streams;

/**
 * An aggregate's current state as held by the command processor.
 *
 * @param type    the aggregate type's name
 * @param version number of events applied; 0 for an aggregate with no events
 */
public record Aggregate(String type, Object state, long version) {

    @SuppressWarnings("unchecked")
    public <S> S stateAs(Class<S> stateType) {
        return stateType.cast(state);
    }
}
