package io.raftbus.schemas.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.schemas.CompatibilityLevel;
import io.raftbus.schemas.CompatibilityResult;
import io.raftbus.schemas.RegistryError;
import io.raftbus.schemas.RegistryException;
import io.raftbus.schemas.SchemaRegistry;
import io.raftbus.schemas.SubjectVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole registry (validation, compatibility, proposing, folding, answering) on a synchronous in-memory channel,
 * with two registries standing for two nodes that fold the same channel.
 */
class ReplicatedRegistryTest {
    private static final String V1 = "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"id\","
            + "\"type\":\"int\"}]}";
    private static final String V2 = "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"id\","
            + "\"type\":\"int\"},{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}]}";
    private static final String V2_NO_DEFAULT = "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"id\","
            + "\"type\":\"int\"},{\"name\":\"email\",\"type\":\"string\"}]}";

    private final InMemoryRegistryLog log = new InMemoryRegistryLog();
    private final ReplicatedRegistryImpl a = start("a");
    private final ReplicatedRegistryImpl b = start("b");

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void shouldAnswerTheSameIdsOnEveryNodeWhenSchemasAreRegisteredOnOne() throws RegistryException {
        assertThat(join(a.register("users-value", null, V1))).isEqualTo(1);
        assertThat(join(b.register("users-value", "AVRO", V2))).isEqualTo(2);
        assertThat(join(a.register("other-value", null, V2))).isEqualTo(2);

        for (SchemaRegistry r : List.of(a, b)) {
            assertThat(r.subjects("", false)).containsExactly("other-value", "users-value");
            assertThat(r.version("users-value", SchemaRegistry.LATEST, false).id()).isEqualTo(2);
            assertThat(r.version("other-value", 1, false).id()).isEqualTo(2);
            assertThat(r.byId(1)).map(Schema::getName).contains("User");
            assertThat(r.latest("users-value")).map(SubjectVersion::version).contains(2);
            assertThat(r.belongsTo(2, "other-value")).isTrue();
        }
    }

    @Test
    void shouldReturnTheExistingIdWithoutWritingWhenTheSameSchemaIsRegisteredWithOtherWhitespace() {
        join(a.register("s", null, V1));
        int entries = log.entries().size();
        assertThat(join(b.register("s", null, "  " + V1.replace(",", " , ") + "\n"))).isEqualTo(1);
        assertThat(log.entries()).as("nothing was written").hasSize(entries);
    }

    @Test
    void shouldStoreTheCanonicalFormWhenASchemaIsRegistered() throws RegistryException {
        join(a.register("s", null, "{ \"type\" : \"record\", \"name\" : \"User\", \"doc\":\"d\", \"fields\" : [ {"
                + "\"name\":\"id\",\"type\":\"int\"} ] }"));
        assertThat(b.schemaText(1)).isEqualTo(new Schema.Parser().parse(b.schemaText(1)).toString())
                .doesNotContain(" : ");
        assertThat(b.lookup("s", null, V1.replace("\"User\",", "\"User\",\"doc\":\"d\","), false).version())
                .isEqualTo(1);
    }

    @Test
    void shouldGiveDistinctIdsWhenTwoNodesRegisterToTheSameSubjectConcurrently() throws RegistryException {
        join(a.setLevel(null, CompatibilityLevel.NONE));
        log.hold();
        CompletableFuture<Integer> fromA = a.register("s", null, V1);
        CompletableFuture<Integer> fromB = b.register("s", null, V2);
        log.release();

        assertThat(List.of(join(fromA), join(fromB))).containsExactly(1, 2);
        assertThat(a.versions("s", false)).containsExactly(1, 2);
        assertThat(log.entries()).as("b's first command conflicted and was proposed again").hasSize(4);
    }

    @Test
    void shouldCheckAgainAndRefuseWhenAConcurrentChangeMadeTheSchemaIncompatible() {
        join(a.register("s", null, V1));
        log.hold();
        CompletableFuture<CompatibilityLevel> level = a.setLevel("s", CompatibilityLevel.FULL);
        CompletableFuture<Integer> reg = b.register("s", null, V2_NO_DEFAULT);
        log.release();

        assertThat(join(level)).isEqualTo(CompatibilityLevel.FULL);
        assertFails(reg, RegistryError.INCOMPATIBLE);
        assertThat(a.latest("s")).map(SubjectVersion::id).contains(1);
    }

    @Test
    void shouldRefuseWith409AndNameTheFieldWhenTheSchemaIsIncompatible() {
        join(a.register("s", null, V1));
        assertThatThrownBy(() -> join(b.register("s", null, V2_NO_DEFAULT))).cause()
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).error()).isEqualTo(RegistryError.INCOMPATIBLE))
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE at '/fields/1': email (the new schema "
                        + "cannot read data written with version 1)");
        join(a.setLevel("s", CompatibilityLevel.FORWARD));
        assertThat(join(b.register("s", null, V2_NO_DEFAULT))).isEqualTo(2);
    }

    @Test
    void shouldRefuseBadInputWithTheConfluentCodeAndWriteNothingWhenValidationFails() {
        join(a.register("s", null, V1));
        int entries = log.entries().size();
        assertFails(a.register("s", null, "{\"type\":\"record\""), RegistryError.INVALID_SCHEMA);
        assertFails(a.register("s", null, "{\"type\":\"nosuchtype\"}"), RegistryError.INVALID_SCHEMA);
        assertFails(a.register("s", "PROTOBUF", "syntax = \"proto3\";"), RegistryError.INVALID_SCHEMA);
        assertFails(a.register("s", null, ""), RegistryError.INVALID_SCHEMA);
        assertFails(a.register("", null, V1), RegistryError.INVALID_SUBJECT);
        assertFails(a.setLevel("s", null), RegistryError.INVALID_COMPATIBILITY_LEVEL);
        assertFails(a.deleteVersion("s", 0, false), RegistryError.INVALID_VERSION);
        assertFails(a.deleteVersion("s", 9, false), RegistryError.VERSION_NOT_FOUND);
        assertFails(a.deleteVersion("s", 1, true), RegistryError.VERSION_NOT_SOFT_DELETED);
        assertFails(a.deleteSubject("nope", false), RegistryError.SUBJECT_NOT_FOUND);
        assertFails(a.deleteSubject("s", true), RegistryError.SUBJECT_NOT_SOFT_DELETED);
        assertFails(a.deleteLevel("s"), RegistryError.SUBJECT_LEVEL_NOT_CONFIGURED);
        assertThat(log.entries()).as("no refused write entered the log").hasSize(entries);

        assertCode(() -> a.version("nope", 1, false), RegistryError.SUBJECT_NOT_FOUND);
        assertCode(() -> a.version("s", 2, false), RegistryError.VERSION_NOT_FOUND);
        assertCode(() -> a.version("s", 0, false), RegistryError.INVALID_VERSION);
        assertCode(() -> a.schemaText(42), RegistryError.SCHEMA_NOT_FOUND);
        assertCode(() -> a.usesOf(42, true), RegistryError.SCHEMA_NOT_FOUND);
        assertCode(() -> a.lookup("s", null, V2, false), RegistryError.SCHEMA_NOT_FOUND);
        assertCode(() -> a.lookup("nope", null, V1, false), RegistryError.SUBJECT_NOT_FOUND);
        assertCode(() -> a.lookup("s", null, "{bad", false), RegistryError.INVALID_SCHEMA);
        assertCode(() -> a.testCompatibility("s", 5, null, V2), RegistryError.VERSION_NOT_FOUND);
        assertCode(() -> a.testCompatibility("s", null, null, "[\"x\""), RegistryError.INVALID_SCHEMA);
    }

    @Test
    void shouldSoftDeleteFirstThenPermanentlyWhenDeletesComeThroughTheApi() throws RegistryException {
        join(a.register("s", null, V1));
        join(a.register("s", null, V2));
        assertThat(join(b.deleteVersion("s", SchemaRegistry.LATEST, false))).isEqualTo(2);
        assertFails(b.deleteVersion("s", 2, false), RegistryError.VERSION_SOFT_DELETED);
        assertThat(join(b.deleteVersion("s", 2, true))).isEqualTo(2);
        assertThat(join(a.deleteSubject("s", false))).containsExactly(1);
        assertFails(a.deleteSubject("s", false), RegistryError.SUBJECT_SOFT_DELETED);
        assertThat(a.schemaText(1)).isEqualTo(new Schema.Parser().parse(V1).toString());
        assertThat(join(a.deleteSubject("s", true))).containsExactly(1);
        assertThat(b.subjects("", true)).isEmpty();
        assertThat(b.byId(1)).isEmpty();
        assertThat(join(b.register("s", null, "\"string\""))).as("ids are never reused").isEqualTo(3);
    }

    @Test
    void shouldAnswerLevelsFromTheFoldWhenLevelsAreSetAndDeleted() {
        assertThat(b.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(join(a.setLevel(null, CompatibilityLevel.FULL_TRANSITIVE)))
                .isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(join(a.setLevel("s", CompatibilityLevel.NONE))).isEqualTo(CompatibilityLevel.NONE);
        assertThat(b.globalLevel()).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(b.subjectLevel("s")).contains(CompatibilityLevel.NONE);
        assertThat(b.subjectLevel("t")).isEmpty();
        assertThat(join(b.deleteLevel("s"))).isEqualTo(CompatibilityLevel.NONE);
        assertThat(join(b.deleteLevel(null))).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(a.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void shouldTestCompatibilityAgainstTheLevelsVersionsWhenAsked() throws RegistryException {
        assertThat(a.testCompatibility("empty", SchemaRegistry.LATEST, null, V1).compatible())
                .as("a subject without versions is compatible").isTrue();
        join(a.register("s", null, V1));
        CompatibilityResult bad = a.testCompatibility("s", null, null, V2_NO_DEFAULT);
        assertThat(bad.compatible()).isFalse();
        assertThat(bad.messages()).singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(a.testCompatibility("s", 1, null, V2).compatible()).isTrue();
    }

    @Test
    void shouldRebuildTheSameStateWhenANewRegistryFoldsTheChannelFromOffsetOne() {
        join(a.register("s", null, V1));
        join(a.setLevel("s", CompatibilityLevel.NONE));
        join(a.register("s", null, "\"long\""));
        join(a.deleteVersion("s", 1, false));
        log.appendRaw("not a command".getBytes(StandardCharsets.UTF_8));
        ReplicatedRegistryImpl restarted = start("c");
        try {
            assertThat(restarted.versions("s", true)).containsExactly(1, 2);
            assertThat(restarted.subjectLevel("s")).contains(CompatibilityLevel.NONE);
            assertThat(join(restarted.register("t", null, "\"boolean\""))).isEqualTo(3);
            join(restarted.sync());
        } catch (RegistryException e) {
            throw new AssertionError(e);
        } finally {
            restarted.close();
        }
    }

    @Test
    void shouldFailWritesWithAStoreErrorWhenTheRegistryIsClosed() {
        a.close();
        assertFails(a.register("s", null, V1), RegistryError.STORE_ERROR);
        assertFails(a.sync(), RegistryError.STORE_ERROR);
    }

    private ReplicatedRegistryImpl start(String node) {
        return ReplicatedRegistryImpl.start(log, node, Runnable::run, null, Duration.ofSeconds(30));
    }

    private static <T> T join(CompletableFuture<T> f) {
        return f.join();
    }

    private static void assertFails(CompletableFuture<?> f, RegistryError error) {
        assertThat(f).isCompletedExceptionally();
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).error()).as(e.getMessage()).isEqualTo(error));
    }

    private interface Call {
        Object run() throws RegistryException;
    }

    private static void assertCode(Call call, RegistryError error) {
        assertThatThrownBy(call::run).isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).error()).isEqualTo(error));
    }
}
