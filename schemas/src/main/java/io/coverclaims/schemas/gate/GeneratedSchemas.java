package io.coverclaims.schemas.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The current schemas: the {@code SCHEMA$} of every class generated from the .avdl files, found in the compiled
 * classes. Reading the generated classes (rather than re-parsing the IDL) checks exactly what is serialized.
 */
public final class GeneratedSchemas {

    public static final String ROOT_PACKAGE = "io.coverclaims.schemas";

    private GeneratedSchemas() {}

    /** Full name to schema of every generated record and enum under {@value #ROOT_PACKAGE} in a classes directory. */
    public static Map<String, Schema> scan(Path classesDir, ClassLoader loader) {
        Path root = classesDir.resolve(ROOT_PACKAGE.replace('.', '/'));
        Map<String, Schema> schemas = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".class")
                            && !p.getFileName().toString().contains("$"))
                    .map(p -> className(classesDir, p))
                    .forEach(name -> schemaOf(name, loader).ifPresent(s -> schemas.put(s.getFullName(), s)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + root, e);
        }
        return schemas;
    }

    /** The classes directory this module's generated classes were loaded from (tests run against it). */
    public static Path classesDirOf(Class<?> generated) {
        try {
            return Path.of(generated
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the classes directory of " + generated.getName(), e);
        }
    }

    private static String className(Path classesDir, Path classFile) {
        String relative = classesDir.relativize(classFile).toString();
        return relative.substring(0, relative.length() - ".class".length())
                .replace('/', '.')
                .replace('\\', '.');
    }

    private static Optional<Schema> schemaOf(String className, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(className, false, loader);
            if (!SpecificRecord.class.isAssignableFrom(type) && !type.isEnum()) {
                return Optional.empty();
            }
            Field field = type.getField("SCHEMA$");
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != Schema.class) {
                return Optional.empty();
            }
            return Optional.of((Schema) field.get(null));
        } catch (NoSuchFieldException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot read the schema of " + className, e);
        }
    }
}
