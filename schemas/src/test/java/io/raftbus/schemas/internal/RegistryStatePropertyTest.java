package io.raftbus.schemas.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.schemas.CompatibilityLevel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random command sequences (every op, stale checks, garbage entries) folded on three independent states, as three
 * nodes would, and once more from the start, as a restarted node would: the states are identical after every
 * event; new ids are unique and increasing; an id always names the same schema and a schema has one id.
 */
class RegistryStatePropertyTest {
    private static final List<String> SUBJECTS = List.of("a", "b", "c-value");
    private static final List<String> SCHEMAS = List.of("\"int\"", "\"long\"", "\"string\"",
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}", "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"X\"]}");

    @Property(tries = 300)
    void shouldReachIdenticalStatesAndNeverReuseIdsWhenThreeReplicasFoldTheSameEvents(
            @ForAll("events") List<byte[]> events) {
        RegistryState[] replicas = {new RegistryState(), new RegistryState(), new RegistryState()};
        Map<Integer, String> textById = new HashMap<>();
        Map<String, Integer> idByText = new HashMap<>();
        int highestId = 0;
        long offset = 0;
        for (byte[] e : events) {
            offset++;
            List<Outcome> outcomes = new ArrayList<>();
            for (RegistryState r : replicas) {
                outcomes.add(r.apply(offset, e).outcome());
            }
            assertThat(outcomes).as("every replica answers the same at offset %d", offset).containsOnly(outcomes.get(0));
            assertThat(replicas[1].describe()).isEqualTo(replicas[0].describe());
            assertThat(replicas[2].describe()).isEqualTo(replicas[0].describe());
            if (outcomes.get(0) instanceof Outcome.Registered reg) {
                String text = ((RegistryCommand.Register) RegistryCommandCodec.decode(e).command()).schema();
                if (textById.containsKey(reg.id())) {
                    assertThat(textById.get(reg.id())).as("id %d names one schema", reg.id()).isEqualTo(text);
                } else {
                    assertThat(reg.id()).as("a new id is the next one").isEqualTo(highestId + 1);
                    assertThat(idByText).as("a schema has one id").doesNotContainKey(text);
                    highestId = reg.id();
                    textById.put(reg.id(), text);
                    idByText.put(text, reg.id());
                }
            }
            assertThat(replicas[0].nextId()).isEqualTo(highestId + 1);
            for (int id = 1; id <= highestId; id++) {
                boolean used = !replicas[0].usesOf(id, true).isEmpty();
                boolean resolves;
                try {
                    resolves = replicas[0].schemaText(id).equals(textById.get(id));
                } catch (io.raftbus.schemas.RegistryException ex) {
                    resolves = false;
                }
                assertThat(resolves).as("id %d resolves exactly while a version uses it", id).isEqualTo(used);
            }
        }
        RegistryState restarted = new RegistryState();
        for (int i = 0; i < events.size(); i++) {
            restarted.apply(i + 1, events.get(i));
        }
        assertThat(restarted.describe()).as("a restart refolds the same state").isEqualTo(replicas[0].describe());
    }

    @Provide
    Arbitrary<List<byte[]>> events() {
        Arbitrary<String> subject = Arbitraries.of(SUBJECTS);
        Arbitrary<String> optionalSubject = Arbitraries.of(SUBJECTS).injectNull(0.3);
        Arbitrary<CompatibilityLevel> level = Arbitraries.of(CompatibilityLevel.class);
        Arbitrary<Boolean> permanent = Arbitraries.of(true, false);
        Arbitrary<RegistryCommand> register = Combinators.combine(subject, Arbitraries.of(SCHEMAS),
                Arbitraries.longs().between(0, 60)).as(RegistryCommand.Register::new);
        Arbitrary<RegistryCommand> setLevel = Combinators.combine(optionalSubject, level)
                .as(RegistryCommand.SetLevel::new);
        Arbitrary<RegistryCommand> deleteLevel = optionalSubject.map(RegistryCommand.DeleteLevel::new);
        Arbitrary<RegistryCommand> deleteSubject = Combinators.combine(subject, permanent)
                .as(RegistryCommand.DeleteSubject::new);
        Arbitrary<RegistryCommand> deleteVersion = Combinators.combine(subject,
                Arbitraries.integers().between(-1, 4), permanent).as(RegistryCommand.DeleteVersion::new);
        Arbitrary<byte[]> command = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, register), net.jqwik.api.Tuple.of(2, setLevel),
                net.jqwik.api.Tuple.of(1, deleteLevel), net.jqwik.api.Tuple.of(2, deleteSubject),
                net.jqwik.api.Tuple.of(3, deleteVersion)).map(c -> RegistryCommandCodec.encode("req", c));
        Arbitrary<byte[]> garbage = Arbitraries.strings().ofMaxLength(20)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, command), net.jqwik.api.Tuple.of(1, garbage))
                .list().ofMinSize(1).ofMaxSize(60);
    }
}
