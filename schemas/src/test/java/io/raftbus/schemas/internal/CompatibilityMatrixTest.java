package io.raftbus.schemas.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.schemas.CompatibilityLevel;
import io.raftbus.schemas.CompatibilityResult;
import io.raftbus.schemas.RegistryError;
import io.raftbus.schemas.RegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every compatibility level against real schema evolutions, with the verdict of each cell derived from Avro's
 * reader/writer rules: BACKWARD means the new schema reads old data, FORWARD means the old schema reads new data.
 * The transitive levels are told apart from the plain ones by three-version chains where only the oldest version
 * breaks. Each cell is checked twice: with the checker, and by registering through the registry.
 */
class CompatibilityMatrixTest {
    private static final String ID_INT = "{\"name\":\"id\",\"type\":\"int\"}";

    /** One evolution: old and new schema, whether each direction reads, and Avro's incompatibility type if not. */
    enum Evolution {
        ADD_FIELD_WITH_DEFAULT(user(ID_INT), user(ID_INT, "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}"),
                null, null),
        ADD_FIELD_WITHOUT_DEFAULT(user(ID_INT), user(ID_INT, "{\"name\":\"email\",\"type\":\"string\"}"),
                "READER_FIELD_MISSING_DEFAULT_VALUE", null),
        REMOVE_FIELD_WITH_DEFAULT(user(ID_INT, "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}"),
                user(ID_INT), null, null),
        REMOVE_FIELD_WITHOUT_DEFAULT(user(ID_INT, "{\"name\":\"email\",\"type\":\"string\"}"), user(ID_INT),
                null, "READER_FIELD_MISSING_DEFAULT_VALUE"),
        RENAME_FIELD_WITH_ALIAS(user(ID_INT, "{\"name\":\"name\",\"type\":\"string\"}"),
                user(ID_INT, "{\"name\":\"fullName\",\"type\":\"string\",\"aliases\":[\"name\"]}"),
                null, "READER_FIELD_MISSING_DEFAULT_VALUE"),
        PROMOTE_INT_TO_LONG(user(ID_INT), user("{\"name\":\"id\",\"type\":\"long\"}"), null, "TYPE_MISMATCH"),
        NARROW_LONG_TO_INT(user("{\"name\":\"id\",\"type\":\"long\"}"), user(ID_INT), "TYPE_MISMATCH", null),
        ADD_ENUM_SYMBOL(user(color("\"RED\",\"GREEN\"")), user(color("\"RED\",\"GREEN\",\"BLUE\"")),
                null, "MISSING_ENUM_SYMBOLS"),
        REMOVE_ENUM_SYMBOL(user(color("\"RED\",\"GREEN\",\"BLUE\"")), user(color("\"RED\",\"GREEN\"")),
                "MISSING_ENUM_SYMBOLS", null);

        final String older;
        final String newer;
        /** Null if the new schema reads old data, else the incompatibility type. */
        final String backwardBreak;
        /** Null if the old schema reads new data, else the incompatibility type. */
        final String forwardBreak;

        Evolution(String older, String newer, String backwardBreak, String forwardBreak) {
            this.older = older;
            this.newer = newer;
            this.backwardBreak = backwardBreak;
            this.forwardBreak = forwardBreak;
        }
    }

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (Evolution e : Evolution.values()) {
            for (CompatibilityLevel l : CompatibilityLevel.values()) {
                out.add(Arguments.of(e, l));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("cells")
    void shouldGiveAvrosVerdictWhenAnEvolutionIsCheckedAtALevel(Evolution e, CompatibilityLevel level) {
        boolean checksBackward = EnumSet.of(CompatibilityLevel.BACKWARD, CompatibilityLevel.BACKWARD_TRANSITIVE,
                CompatibilityLevel.FULL, CompatibilityLevel.FULL_TRANSITIVE).contains(level);
        boolean checksForward = EnumSet.of(CompatibilityLevel.FORWARD, CompatibilityLevel.FORWARD_TRANSITIVE,
                CompatibilityLevel.FULL, CompatibilityLevel.FULL_TRANSITIVE).contains(level);
        List<String> expectedTypes = new ArrayList<>();
        if (checksBackward && e.backwardBreak != null) {
            expectedTypes.add(e.backwardBreak);
        }
        if (checksForward && e.forwardBreak != null) {
            expectedTypes.add(e.forwardBreak);
        }

        CompatibilityResult r = CompatibilityChecker.check(level, parse(e.newer),
                List.of(new CompatibilityChecker.Previous(1, parse(e.older))));

        assertThat(r.compatible()).as("verdict").isEqualTo(expectedTypes.isEmpty());
        assertThat(r.messages()).hasSize(expectedTypes.size());
        for (int i = 0; i < expectedTypes.size(); i++) {
            assertThat(r.messages().get(i)).startsWith(expectedTypes.get(i));
        }
        assertThat(registerThrough(level, e.older, e.newer)).isEqualTo(expectedTypes.isEmpty());
    }

    /**
     * Chain A: v1 {id}, v2 adds email with a default, v3 drops that default. v3 reads v2 data and v2 reads v3 data,
     * but v3 cannot read v1 data (no email, no default): only the transitive levels that check backward see it.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(CompatibilityLevel.class)
    void shouldRefuseOnlyAtBackwardTransitiveLevelsWhenOnlyTheOldestVersionCannotBeRead(CompatibilityLevel level) {
        String v1 = user(ID_INT);
        String v2 = user(ID_INT, "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}");
        String v3 = user(ID_INT, "{\"name\":\"email\",\"type\":\"string\"}");
        Set<CompatibilityLevel> refusing = EnumSet.of(CompatibilityLevel.BACKWARD_TRANSITIVE,
                CompatibilityLevel.FULL_TRANSITIVE);

        assertThat(check(level, v3, v2, v1).compatible()).isEqualTo(!refusing.contains(level));
        assertThat(registerThrough(level, v1, v2, v3)).isEqualTo(!refusing.contains(level));
    }

    /**
     * Chain B: v1 {id, name}, v2 gives name a default, v3 removes name. v2 reads v3 data (default), v1 does not
     * (no default): only the transitive levels that check forward see it.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(CompatibilityLevel.class)
    void shouldRefuseOnlyAtForwardTransitiveLevelsWhenOnlyTheOldestVersionCannotReadNewData(
            CompatibilityLevel level) {
        String v1 = user(ID_INT, "{\"name\":\"name\",\"type\":\"string\"}");
        String v2 = user(ID_INT, "{\"name\":\"name\",\"type\":\"string\",\"default\":\"\"}");
        String v3 = user(ID_INT);
        Set<CompatibilityLevel> refusing = EnumSet.of(CompatibilityLevel.FORWARD_TRANSITIVE,
                CompatibilityLevel.FULL_TRANSITIVE);

        CompatibilityResult r = check(level, v3, v2, v1);
        assertThat(r.compatible()).isEqualTo(!refusing.contains(level));
        if (!r.compatible()) {
            assertThat(r.messages()).singleElement().asString().contains("version 1 cannot read");
        }
        assertThat(registerThrough(level, v1, v2, v3)).isEqualTo(!refusing.contains(level));
    }

    private static CompatibilityResult check(CompatibilityLevel level, String candidate, String... newestFirst) {
        List<CompatibilityChecker.Previous> previous = new ArrayList<>();
        for (int i = 0; i < newestFirst.length; i++) {
            previous.add(new CompatibilityChecker.Previous(newestFirst.length - i, parse(newestFirst[i])));
        }
        return CompatibilityChecker.check(level, parse(candidate), previous);
    }

    /**
     * Registers every version but the last under NONE, sets the level, registers the last.
     *
     * @return true if the last was accepted, false if refused as incompatible.
     */
    private static boolean registerThrough(CompatibilityLevel level, String... versions) {
        ReplicatedRegistryImpl r = ReplicatedRegistryImpl.start(new InMemoryRegistryLog(), "n", Runnable::run, null,
                Duration.ofSeconds(30));
        try {
            r.setLevel("s", CompatibilityLevel.NONE).join();
            for (int i = 0; i < versions.length - 1; i++) {
                r.register("s", null, versions[i]).join();
            }
            r.setLevel("s", level).join();
            CompletableFuture<Integer> last = r.register("s", null, versions[versions.length - 1]);
            try {
                assertThat(last.join()).isEqualTo(versions.length);
                return true;
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(RegistryException.class);
                assertThat(((RegistryException) e.getCause()).error()).isEqualTo(RegistryError.INCOMPATIBLE);
                return false;
            }
        } finally {
            r.close();
        }
    }

    private static Schema parse(String s) {
        return new Schema.Parser().parse(s);
    }

    private static String user(String... fields) {
        return "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"io.raftbus.test\",\"fields\":["
                + String.join(",", fields) + "]}";
    }

    private static String color(String symbols) {
        return "{\"name\":\"color\",\"type\":{\"type\":\"enum\",\"name\":\"Color\",\"symbols\":[" + symbols + "]}}";
    }
}
