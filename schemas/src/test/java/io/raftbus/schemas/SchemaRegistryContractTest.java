package io.raftbus.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The Confluent semantics every {@link SchemaRegistry} must have, written against the interface only. One
 * subclass per implementation: {@code InMemorySchemaRegistryTest} (the test double),
 * {@code ExternalRegistryContractIT} (client, real REST server, in-memory registry); the replicated registry can
 * add its own. Each test gets a fresh, empty registry from {@link #registry()}.
 */
public abstract class SchemaRegistryContractTest {
    protected static final String V1 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    protected static final String V2 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}]}";
    protected static final String BAD = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"qty\",\"type\":\"int\"}]}";

    /**
     * Returns the registry under test, empty; called once per test.
     *
     * @return the registry.
     */
    protected abstract SchemaRegistry registry();

    @FunctionalInterface
    protected interface Call {
        Object call() throws Exception;
    }

    /** Runs a call (sync, or a future it returns) and returns the registry error it failed with. */
    protected static RegistryError failure(Call call) {
        Throwable t = catchThrowable(() -> {
            Object r = call.call();
            if (r instanceof CompletableFuture<?> f) {
                f.get(30, TimeUnit.SECONDS);
            }
        });
        if (t instanceof ExecutionException) {
            t = t.getCause();
        }
        if (t instanceof IllegalStateException && t.getCause() instanceof RegistryException) {
            t = t.getCause();
        }
        assertThat(t).as("expected a RegistryException").isInstanceOf(RegistryException.class);
        return ((RegistryException) t).error();
    }

    protected static <T> T done(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void shouldReturnExistingIdWhenSameSchemaIsRegisteredAgain() throws Exception {
        SchemaRegistry r = registry();
        int id = done(r.register("orders-value", null, V1));
        assertThat(done(r.register("orders-value", "AVRO", V1.replace(",", " ,\n  ")))).isEqualTo(id);
        assertThat(r.versions("orders-value", false)).containsExactly(1);
        assertThat(r.schemaText(id)).isEqualTo(new Schema.Parser().parse(V1).toString());
    }

    @Test
    void shouldShareIdButNotVersionWhenSchemaIsRegisteredUnderTwoSubjects() throws Exception {
        SchemaRegistry r = registry();
        int id = done(r.register("a-value", null, V1));
        done(r.setLevel("b-value", CompatibilityLevel.NONE));
        done(r.register("b-value", null, BAD));
        assertThat(done(r.register("b-value", null, V1))).isEqualTo(id);
        assertThat(r.version("b-value", SchemaRegistry.LATEST, false).version()).isEqualTo(2);
        assertThat(r.usesOf(id, false)).extracting(SubjectVersion::subject).containsExactlyInAnyOrder("a-value", "b-value");
        assertThat(r.subjects("", false)).containsExactly("a-value", "b-value");
        assertThat(r.subjects("b", false)).containsExactly("b-value");
    }

    @Test
    void shouldAddVersionWhenCompatibleSchemaIsRegistered() throws Exception {
        SchemaRegistry r = registry();
        int v1 = done(r.register("orders-value", null, V1));
        int v2 = done(r.register("orders-value", null, V2));
        assertThat(v2).isNotEqualTo(v1);
        assertThat(r.versions("orders-value", false)).containsExactly(1, 2);
        SubjectVersion latest = r.version("orders-value", SchemaRegistry.LATEST, false);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(v2);
        assertThat(r.latest("orders-value")).map(SubjectVersion::id).contains(v2);
        assertThat(r.byId(v1)).map(Schema::getFields).map(List::size).contains(1);
        assertThat(r.belongsTo(v1, "orders-value")).isTrue();
        assertThat(r.belongsTo(v1, "other-value")).isFalse();
    }

    @Test
    void shouldRefuseIncompatibleSchemaUnlessLevelIsNone() throws Exception {
        SchemaRegistry r = registry();
        done(r.register("orders-value", null, V1));
        assertThat(failure(() -> r.register("orders-value", null, BAD))).isEqualTo(RegistryError.INCOMPATIBLE);
        assertThat(r.versions("orders-value", false)).containsExactly(1);
        CompatibilityResult test = r.testCompatibility("orders-value", SchemaRegistry.LATEST, null, BAD);
        assertThat(test.compatible()).isFalse();
        assertThat(test.messages()).isNotEmpty();
        assertThat(r.testCompatibility("orders-value", null, null, V2).compatible()).isTrue();
        assertThat(r.testCompatibility("empty-value", SchemaRegistry.LATEST, null, BAD).compatible()).isTrue();
        done(r.setLevel("orders-value", CompatibilityLevel.NONE));
        assertThat(done(r.register("orders-value", null, BAD))).isPositive();
    }

    @Test
    void shouldRefuseInvalidSchemaWhenRegisteringOrLookingUp() throws Exception {
        SchemaRegistry r = registry();
        assertThat(failure(() -> r.register("s", null, "{\"type\":\"nonsense\"}"))).isEqualTo(RegistryError.INVALID_SCHEMA);
        assertThat(failure(() -> r.register("s", "PROTOBUF", "syntax = \"proto3\";"))).isEqualTo(RegistryError.INVALID_SCHEMA);
        done(r.register("s", null, V1));
        assertThat(failure(() -> r.lookup("s", null, "{", false))).isEqualTo(RegistryError.INVALID_SCHEMA);
        assertThat(r.subjects("", true)).containsExactly("s");
    }

    @Test
    void shouldFindSchemaWhenLookedUpUnderItsSubject() throws Exception {
        SchemaRegistry r = registry();
        int id = done(r.register("orders-value", null, V1));
        SubjectVersion v = r.lookup("orders-value", null, V1.replace(":", " : "), false);
        assertThat(v.subject()).isEqualTo("orders-value");
        assertThat(v.id()).isEqualTo(id);
        assertThat(v.version()).isEqualTo(1);
        assertThat(failure(() -> r.lookup("orders-value", null, V2, false))).isEqualTo(RegistryError.SCHEMA_NOT_FOUND);
        assertThat(failure(() -> r.lookup("nope", null, V1, false))).isEqualTo(RegistryError.SUBJECT_NOT_FOUND);
        assertThat(failure(() -> r.version("orders-value", 9, false))).isEqualTo(RegistryError.VERSION_NOT_FOUND);
        assertThat(failure(() -> r.versions("nope", false))).isEqualTo(RegistryError.SUBJECT_NOT_FOUND);
        assertThat(failure(() -> r.schemaText(id + 1000))).isEqualTo(RegistryError.SCHEMA_NOT_FOUND);
        assertThat(r.byId(id + 1000)).isEmpty();
        assertThat(r.latest("nope")).isEmpty();
    }

    @Test
    void shouldSoftDeleteFirstThenHardDeleteWithoutReusingIds() throws Exception {
        SchemaRegistry r = registry();
        int v1 = done(r.register("orders-value", null, V1));
        int v2 = done(r.register("orders-value", null, V2));
        assertThat(failure(() -> r.deleteVersion("orders-value", 2, true))).isEqualTo(RegistryError.VERSION_NOT_SOFT_DELETED);
        assertThat(done(r.deleteVersion("orders-value", SchemaRegistry.LATEST, false))).isEqualTo(2);
        assertThat(r.versions("orders-value", false)).containsExactly(1);
        assertThat(r.versions("orders-value", true)).containsExactly(1, 2);
        assertThat(failure(() -> r.deleteVersion("orders-value", 2, false))).isEqualTo(RegistryError.VERSION_SOFT_DELETED);
        assertThat(failure(() -> r.deleteSubject("orders-value", true))).isEqualTo(RegistryError.SUBJECT_NOT_SOFT_DELETED);
        assertThat(done(r.deleteSubject("orders-value", false))).contains(1);
        assertThat(r.subjects("", false)).isEmpty();
        assertThat(r.subjects("", true)).containsExactly("orders-value");
        assertThat(r.latest("orders-value")).isEmpty();
        assertThat(failure(() -> r.deleteSubject("orders-value", false))).isEqualTo(RegistryError.SUBJECT_SOFT_DELETED);
        assertThat(done(r.deleteSubject("orders-value", true))).contains(1);
        assertThat(failure(() -> r.deleteSubject("orders-value", false))).isEqualTo(RegistryError.SUBJECT_NOT_FOUND);
        int v3 = done(r.register("orders-value", null, BAD));
        assertThat(v3).isNotIn(v1, v2);
    }

    @Test
    void shouldKeepSubjectLevelApartFromGlobalLevel() throws Exception {
        SchemaRegistry r = registry();
        assertThat(r.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(r.subjectLevel("orders-value")).isEmpty();
        assertThat(done(r.setLevel("orders-value", CompatibilityLevel.FULL))).isEqualTo(CompatibilityLevel.FULL);
        assertThat(r.subjectLevel("orders-value")).contains(CompatibilityLevel.FULL);
        assertThat(r.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(done(r.setLevel(null, CompatibilityLevel.NONE))).isEqualTo(CompatibilityLevel.NONE);
        assertThat(done(r.deleteLevel("orders-value"))).isEqualTo(CompatibilityLevel.FULL);
        assertThat(failure(() -> r.deleteLevel("orders-value"))).isEqualTo(RegistryError.SUBJECT_LEVEL_NOT_CONFIGURED);
        assertThat(done(r.deleteLevel(null))).isEqualTo(CompatibilityLevel.NONE);
        assertThat(r.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
    }
}
