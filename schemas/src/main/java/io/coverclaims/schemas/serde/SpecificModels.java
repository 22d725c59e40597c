package io.coverclaims.schemas.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificData;

/** One {@link SpecificData} per generated class, bound to that class's loader and carrying its logical-type conversions. */
final class SpecificModels {

    private static final Map<Class<?>, SpecificData> MODELS = new ConcurrentHashMap<>();

    private SpecificModels() {}

    static SpecificData forClass(Class<?> type) {
        return MODELS.computeIfAbsent(type, SpecificModels::create);
    }

    private static SpecificData create(Class<?> type) {
        SpecificData model = new SpecificData(type.getClassLoader());
        // the generated MODEL$ knows the conversions (timestamp_ms -> Instant); its class loader may not be the right
        // one
        SpecificData.getForClass(type).getConversions().forEach(model::addLogicalTypeConversion);
        return model;
    }

    /**
     * The generated class for a schema's full name: the thread's context loader first (under Quarkus it is the
     * application's loader, which may differ from the one that loaded this module), then this module's loader.
     */
    static Class<?> generatedClass(String className) throws ClassNotFoundException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            try {
                return Class.forName(className, true, context);
            } catch (ClassNotFoundException e) {
                // not visible there: fall through to this module's loader
            }
        }
        return Class.forName(className, true, SpecificModels.class.getClassLoader());
    }
}
