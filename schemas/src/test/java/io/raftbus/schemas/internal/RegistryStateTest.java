package io.raftbus.schemas.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.schemas.CompatibilityLevel;
import io.raftbus.schemas.RegistryError;
import io.raftbus.schemas.RegistryException;
import io.raftbus.schemas.SchemaRegistry;
import io.raftbus.schemas.SubjectVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fold, driven directly with commands at explicit offsets: ids, versions, deletes, levels and refusals. */
class RegistryStateTest {
    private static final String A = "{\"type\":\"record\",\"name\":\"A\",\"fields\":[]}";
    private static final String B = "{\"type\":\"record\",\"name\":\"B\",\"fields\":[]}";
    private static final String C = "{\"type\":\"record\",\"name\":\"C\",\"fields\":[]}";

    private final RegistryState state = new RegistryState();
    private long offset;

    @Test
    void shouldStartIdsAtOneAndVersionsAtOneWhenFirstSchemaIsRegistered() throws RegistryException {
        assertThat(register("orders-value", A)).isEqualTo(new Outcome.Registered(1, 1, false));
        assertThat(register("orders-value", B)).isEqualTo(new Outcome.Registered(2, 2, false));

        assertThat(state.versions("orders-value", false)).containsExactly(1, 2);
        assertThat(state.version("orders-value", SchemaRegistry.LATEST, false))
                .isEqualTo(new SubjectVersion("orders-value", 2, 2, "AVRO", B, false));
        assertThat(state.schemaText(1)).isEqualTo(A);
        assertThat(state.offset()).isEqualTo(2);
    }

    @Test
    void shouldReturnTheSameIdAndNoNewVersionWhenTheSameSchemaIsRegisteredAgain() throws RegistryException {
        register("s", A);
        assertThat(register("s", A)).isEqualTo(new Outcome.Registered(1, 1, true));
        assertThat(state.versions("s", true)).containsExactly(1);
        assertThat(state.nextId()).isEqualTo(2);
    }

    @Test
    void shouldShareTheIdButNotTheVersionWhenTheSameSchemaIsRegisteredUnderAnotherSubject()
            throws RegistryException {
        register("a", B);
        register("b", C);
        assertThat(register("b", B)).isEqualTo(new Outcome.Registered(1, 2, false));
        assertThat(state.usesOf(1, false)).extracting(SubjectVersion::subject, SubjectVersion::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 1), org.assertj.core.groups.Tuple.tuple("b",
                        2));
        assertThat(state.belongsTo(1, "b")).isTrue();
        assertThat(state.belongsTo(2, "a")).isFalse();
    }

    @Test
    void shouldSoftDeleteThenPermanentlyDeleteWhenASubjectIsDeletedTwice() throws RegistryException {
        register("s", A);
        register("s", B);

        assertThat(apply(new RegistryCommand.DeleteSubject("s", false))).isEqualTo(new Outcome.Deleted(List.of(1, 2)));
        assertThat(state.subjects("", false)).isEmpty();
        assertThat(state.subjects("", true)).containsExactly("s");
        assertThat(state.versions("s", true)).containsExactly(1, 2);
        assertThat(state.version("s", 1, true).deleted()).isTrue();
        assertThat(state.schemaText(1)).as("a soft-deleted schema still resolves by id").isEqualTo(A);
        assertThat(state.latest("s")).isEmpty();

        assertThat(apply(new RegistryCommand.DeleteSubject("s", true))).isEqualTo(new Outcome.Deleted(List.of(1, 2)));
        assertThat(state.subjects("", true)).isEmpty();
        assertError(() -> state.schemaText(1), RegistryError.SCHEMA_NOT_FOUND);
        assertError(() -> state.versions("s", true), RegistryError.SUBJECT_NOT_FOUND);
    }

    @Test
    void shouldNeverReuseAnIdWhenSchemasWerePermanentlyDeleted() throws RegistryException {
        register("s", A);
        apply(new RegistryCommand.DeleteSubject("s", false));
        apply(new RegistryCommand.DeleteSubject("s", true));

        assertThat(register("s", B)).as("a new schema gets a new id, and versions start again")
                .isEqualTo(new Outcome.Registered(2, 1, false));
        assertThat(register("t", A)).as("an id always names the same schema")
                .isEqualTo(new Outcome.Registered(1, 1, false));
        assertThat(register("t", C).id()).isEqualTo(3);
        assertThat(state.nextId()).isEqualTo(4);
    }

    @Test
    void shouldCreateANewVersionWithTheSameIdWhenASoftDeletedSchemaIsRegisteredAgain() throws RegistryException {
        register("s", A);
        register("s", B);
        apply(new RegistryCommand.DeleteVersion("s", 2, false));
        assertThat(state.latest("s")).map(SubjectVersion::version).contains(1);

        assertThat(register("s", B)).isEqualTo(new Outcome.Registered(2, 3, false));
        assertThat(state.versions("s", false)).containsExactly(1, 3);
        assertThat(state.versions("s", true)).containsExactly(1, 2, 3);
    }

    @Test
    void shouldResolveLatestAtFoldTimeWhenAVersionIsDeleted() throws RegistryException {
        register("s", A);
        register("s", B);
        assertThat(apply(new RegistryCommand.DeleteVersion("s", -1, false))).isEqualTo(new Outcome.Deleted(List.of(2)));
        assertThat(apply(new RegistryCommand.DeleteVersion("s", -1, false))).isEqualTo(new Outcome.Deleted(List.of(1)));
        assertThat(apply(new RegistryCommand.DeleteVersion("s", -1, true)))
                .as("a permanent delete of latest takes the highest version held").isEqualTo(new Outcome.Deleted(
                        List.of(2)));
        assertThat(state.versions("s", true)).containsExactly(1);
    }

    @Test
    void shouldSetAndDeleteLevelsPerSubjectAndGloballyWhenLevelCommandsAreFolded() {
        assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(apply(new RegistryCommand.SetLevel(null, CompatibilityLevel.FULL)))
                .isEqualTo(new Outcome.LevelSet(CompatibilityLevel.FULL));
        assertThat(apply(new RegistryCommand.SetLevel("s", CompatibilityLevel.NONE)))
                .isEqualTo(new Outcome.LevelSet(CompatibilityLevel.NONE));
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(state.effectiveLevel("other")).isEqualTo(CompatibilityLevel.FULL);

        assertThat(apply(new RegistryCommand.DeleteLevel("s")))
                .isEqualTo(new Outcome.LevelDeleted(CompatibilityLevel.NONE));
        assertThat(state.subjectLevel("s")).isEmpty();
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(apply(new RegistryCommand.DeleteLevel(null)))
                .isEqualTo(new Outcome.LevelDeleted(CompatibilityLevel.FULL));
        assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(apply(new RegistryCommand.DeleteLevel(null)))
                .as("deleting an unset global level answers the default").isEqualTo(new Outcome.LevelDeleted(
                        CompatibilityLevel.BACKWARD));
    }

    @Test
    void shouldDropTheSubjectLevelWhenTheSubjectIsPermanentlyDeleted() {
        register("s", A);
        apply(new RegistryCommand.SetLevel("s", CompatibilityLevel.FORWARD));
        apply(new RegistryCommand.DeleteSubject("s", false));
        assertThat(state.subjectLevel("s")).as("a soft delete keeps the level").contains(CompatibilityLevel.FORWARD);
        apply(new RegistryCommand.DeleteSubject("s", true));
        assertThat(state.subjectLevel("s")).isEmpty();
    }

    @Test
    void shouldRefuseWithTheConfluentCodeWhenADeleteDoesNotApply() {
        assertRefused(new RegistryCommand.DeleteSubject("missing", false), RegistryError.SUBJECT_NOT_FOUND);
        assertRefused(new RegistryCommand.DeleteVersion("missing", 1, false), RegistryError.SUBJECT_NOT_FOUND);
        assertRefused(new RegistryCommand.DeleteLevel("missing"), RegistryError.SUBJECT_LEVEL_NOT_CONFIGURED);
        register("s", A);
        register("s", B);
        assertRefused(new RegistryCommand.DeleteVersion("s", 7, false), RegistryError.VERSION_NOT_FOUND);
        assertRefused(new RegistryCommand.DeleteVersion("s", 0, false), RegistryError.INVALID_VERSION);
        assertRefused(new RegistryCommand.DeleteVersion("s", 1, true), RegistryError.VERSION_NOT_SOFT_DELETED);
        assertRefused(new RegistryCommand.DeleteSubject("s", true), RegistryError.SUBJECT_NOT_SOFT_DELETED);
        apply(new RegistryCommand.DeleteVersion("s", 1, false));
        assertRefused(new RegistryCommand.DeleteVersion("s", 1, false), RegistryError.VERSION_SOFT_DELETED);
        apply(new RegistryCommand.DeleteSubject("s", false));
        assertRefused(new RegistryCommand.DeleteSubject("s", false), RegistryError.SUBJECT_SOFT_DELETED);
        assertRefused(new RegistryCommand.DeleteVersion("s", 2, false), RegistryError.SUBJECT_NOT_FOUND);
        assertRefused(new RegistryCommand.Register("", A, 0), RegistryError.INVALID_SUBJECT);
        assertRefused(new RegistryCommand.Register("s", "", 0), RegistryError.INVALID_SCHEMA);

        assertThat(state.nextId()).isEqualTo(3);
    }

    @Test
    void shouldAnswerReadErrorsWithTheConfluentCodesWhenTheTargetIsMissing() {
        register("s", A);
        assertError(() -> state.versions("nope", false), RegistryError.SUBJECT_NOT_FOUND);
        assertError(() -> state.version("nope", 1, false), RegistryError.SUBJECT_NOT_FOUND);
        assertError(() -> state.version("s", 2, false), RegistryError.VERSION_NOT_FOUND);
        assertError(() -> state.version("s", 0, false), RegistryError.INVALID_VERSION);
        assertError(() -> state.version("s", -2, false), RegistryError.INVALID_VERSION);
        assertError(() -> state.schemaText(99), RegistryError.SCHEMA_NOT_FOUND);
    }

    @Test
    void shouldAnswerConflictAndChangeNothingWhenTheSubjectChangedAfterTheCheck() {
        register("s", A);
        long checkedBefore = state.offset() - 1;
        assertThat(apply(new RegistryCommand.Register("s", B, checkedBefore))).isEqualTo(new Outcome.Conflict());
        long now = state.offset();
        apply(new RegistryCommand.SetLevel(null, CompatibilityLevel.NONE));
        assertThat(apply(new RegistryCommand.Register("s", B, now))).as("the global level changed after the check")
                .isEqualTo(new Outcome.Conflict());
        assertThat(apply(new RegistryCommand.Register("s", A, 0))).as("an existing schema never conflicts")
                .isEqualTo(new Outcome.Registered(1, 1, true));
        assertThat(state.nextId()).isEqualTo(2);
    }

    @Test
    void shouldRecordANoOpWhenTheEventIsNotACommand() {
        RegistryState.Folded f = state.apply(1, "{\"v\":1,\"op\":99}".getBytes(StandardCharsets.UTF_8));
        assertThat(f.outcome()).isInstanceOf(Outcome.Malformed.class);
        assertThat(state.apply(2, "garbage".getBytes(StandardCharsets.UTF_8)).outcome())
                .isInstanceOf(Outcome.Malformed.class);
        assertThat(state.offset()).isEqualTo(2);
        assertThat(state.subjects("", true)).isEmpty();
        assertThatThrownBy(() -> state.apply(2, new RegistryCommand.DeleteLevel(null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Outcome.Registered register(String subject, String schema) {
        return (Outcome.Registered) apply(new RegistryCommand.Register(subject, schema, state.offset()));
    }

    private Outcome apply(RegistryCommand c) {
        byte[] data = RegistryCommandCodec.encode("test-" + (offset + 1), c);
        RegistryState.Folded f = state.apply(++offset, data);
        assertThat(f.requestId()).isEqualTo("test-" + offset);
        return f.outcome();
    }

    private void assertRefused(RegistryCommand c, RegistryError error) {
        assertThat(state.refusal(c)).as("precheck of %s", c).extracting(Outcome.Refused::error).isEqualTo(error);
        String before = state.describe().replaceFirst("offset=\\d+", "");
        Outcome o = apply(c);
        assertThat(o).as("fold of %s", c).isInstanceOf(Outcome.Refused.class);
        assertThat(((Outcome.Refused) o).error()).isEqualTo(error);
        assertThat(state.describe().replaceFirst("offset=\\d+", "")).isEqualTo(before);
    }

    private interface Call {
        Object run() throws RegistryException;
    }

    private static void assertError(Call call, RegistryError error) {
        assertThatThrownBy(call::run).isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).error()).isEqualTo(error));
    }
}
