package io.raftbus.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ReadResult;
import io.raftbus.log.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replicated registry on a real 3-node Ratis cluster on loopback: every node answers the same ids, concurrent
 * registrations on two nodes get distinct ids, and ids, versions and levels survive a leader kill and a full
 * restart.
 */
@Timeout(300)
class ReplicatedRegistryIT {
    @TempDir
    Path dir;

    @Test
    void shouldAnswerTheSameIdsOnEveryNodeWhenTwoNodesRegisterConcurrently() throws Exception {
        try (TestCluster c = TestCluster.start(3, 1, dir, b -> b)) {
            c.awaitLeader(0);
            List<ReplicatedRegistry> r = open(c);
            try {
                assertThat(r.get(0).register("orders-value", null, record("Order", 0)).join()).isEqualTo(1);
                join(r.get(1).sync());
                join(r.get(2).sync());
                for (ReplicatedRegistry n : r) {
                    assertThat(n.version("orders-value", SchemaRegistry.LATEST, false).id()).isEqualTo(1);
                    assertThat(n.schemaText(1)).isEqualTo(r.get(0).schemaText(1));
                }

                join(r.get(0).setLevel("shared-value", CompatibilityLevel.NONE));
                List<CompletableFuture<Integer>> ids = new ArrayList<>();
                for (int i = 1; i <= 6; i++) {
                    ids.add(r.get(0).register("shared-value", null, record("FromA", i)));
                    ids.add(r.get(1).register("shared-value", null, record("FromB", i)));
                }
                Set<Integer> distinct = new HashSet<>();
                for (CompletableFuture<Integer> f : ids) {
                    distinct.add(f.join());
                }
                assertThat(distinct).as("12 schemas, 12 distinct ids").hasSize(12).allMatch(id -> id >= 2 && id <= 13);

                for (ReplicatedRegistry n : r) {
                    join(n.sync());
                }
                Map<String, List<String>> expected = describe(r.get(0));
                for (ReplicatedRegistry n : r) {
                    assertThat(describe(n)).isEqualTo(expected);
                }
                assertThat(r.get(2).versions("shared-value", false)).hasSize(12);

                assertThatThrownBy(() -> r.get(2).register("orders-value", null, "{\"type\":").join())
                        .cause().isInstanceOf(RegistryException.class)
                        .satisfies(e -> assertThat(((RegistryException) e).error())
                                .isEqualTo(RegistryError.INVALID_SCHEMA));
                assertThatThrownBy(() -> r.get(2).register("orders-value", null, incompatible("Order")).join())
                        .cause().isInstanceOf(RegistryException.class)
                        .satisfies(e -> assertThat(((RegistryException) e).error())
                                .isEqualTo(RegistryError.INCOMPATIBLE));
                assertCode(() -> r.get(1).version("unknown-subject", 1, false), RegistryError.SUBJECT_NOT_FOUND);
                assertCode(() -> r.get(1).version("orders-value", 0, false), RegistryError.INVALID_VERSION);
                assertCode(() -> r.get(1).version("orders-value", 7, false), RegistryError.VERSION_NOT_FOUND);
                assertCode(() -> r.get(1).deleteLevel("unknown-subject").join(),
                        RegistryError.SUBJECT_LEVEL_NOT_CONFIGURED);
                assertCode(() -> r.get(1).setLevel("orders-value", null).join(),
                        RegistryError.INVALID_COMPATIBILITY_LEVEL);
                assertCode(() -> r.get(1).deleteSubject("orders-value", true).join(),
                        RegistryError.SUBJECT_NOT_SOFT_DELETED);
            } finally {
                r.forEach(ReplicatedRegistry::close);
            }
        }
    }

    @Test
    void shouldMakeAWriteOnOneNodeVisibleOnAnotherWhenSyncIsCalled() throws Exception {
        try (TestCluster c = TestCluster.start(3, 1, dir, b -> b)) {
            c.awaitLeader(0);
            List<ReplicatedRegistry> r = open(c);
            try {
                for (int i = 0; i < 20; i++) {
                    int id = r.get(i % 2).register("s" + i, null, record("Sync", i)).join();
                    join(r.get(2).sync());
                    assertThat(r.get(2).latest("s" + i)).as("write %d on node %d, read on node 3", i, i % 2 + 1)
                            .map(SubjectVersion::id).contains(id);
                    CompatibilityLevel level = i % 3 == 0 ? CompatibilityLevel.FULL : CompatibilityLevel.FORWARD;
                    join(r.get(1).setLevel("s" + i, level));
                    join(r.get(0).sync());
                    assertThat(r.get(0).subjectLevel("s" + i)).contains(level);
                }
                ReadResult events = c.node(0).readLocal(SchemaRegistries.CHANNEL, 1, 1000);
                assertThat(((ReadResult.Events) events).events()).extracting(ChannelEvent::eventName)
                        .hasSize(40).containsOnly("registry-command");
            } finally {
                r.forEach(ReplicatedRegistry::close);
            }
        }
    }

    @Test
    void shouldKeepEveryIdAndLevelWhenTheLeaderIsKilledAndTheWholeClusterRestarts() throws Exception {
        try (TestCluster c = TestCluster.start(3, 1, dir, b -> b.snapshotEveryEntries(25)
                .retention(new io.raftbus.log.RetentionPolicy(5, 60_000, 1 << 20)))) {
            c.awaitLeader(0);
            List<ReplicatedRegistry> r = open(c);
            Map<Integer, String> texts = new LinkedHashMap<>();
            join(r.get(0).setLevel(null, CompatibilityLevel.NONE));
            for (int i = 0; i < 10; i++) {
                int id = r.get(i % 3).register("before-" + (i % 4), null, record("Before", i)).join();
                texts.put(id, r.get(i % 3).schemaText(id));
            }
            join(r.get(0).setLevel(null, CompatibilityLevel.FULL_TRANSITIVE));
            join(r.get(1).setLevel("before-1", CompatibilityLevel.NONE));
            join(r.get(2).deleteVersion("before-0", 1, false));

            int leader = c.awaitLeader(0);
            r.get(leader).close();
            c.stopNode(leader);
            List<Integer> alive = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                if (i != leader) {
                    alive.add(i);
                }
            }
            for (int i = 0; i < 6; i++) {
                ReplicatedRegistry n = r.get(alive.get(i % 2));
                int id = n.register("after-kill", null, evolvable(i)).join();
                assertThat(texts).as("a new id after the leader kill").doesNotContainKey(id);
                texts.put(id, n.schemaText(id));
            }
            for (int i : alive) {
                join(r.get(i).sync());
                for (Map.Entry<Integer, String> e : texts.entrySet()) {
                    assertThat(r.get(i).schemaText(e.getKey())).isEqualTo(e.getValue());
                }
            }
            assertThat(texts.keySet()).as("ids stay unique and dense").containsExactlyInAnyOrderElementsOf(
                    range(1, 17));

            c.startNode(leader);
            r.set(leader, SchemaRegistries.replicated(c.node(leader)));
            join(r.get(leader).sync());
            Map<String, List<String>> before = describe(r.get(alive.get(0)));
            assertThat(describe(r.get(leader))).as("the restarted old leader caught up").isEqualTo(before);

            r.forEach(ReplicatedRegistry::close);
            for (int i = 0; i < 3; i++) {
                c.stopNode(i);
            }
            for (int i = 0; i < 3; i++) {
                c.startNode(i);
            }
            c.awaitLeader(0);
            r = open(c);
            try {
                for (ReplicatedRegistry n : r) {
                    join(n.sync());
                    assertThat(describe(n)).as("after a full restart").isEqualTo(before);
                    assertThat(n.globalLevel()).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
                    assertThat(n.subjectLevel("before-1")).contains(CompatibilityLevel.NONE);
                    for (Map.Entry<Integer, String> e : texts.entrySet()) {
                        assertThat(n.schemaText(e.getKey())).isEqualTo(e.getValue());
                    }
                }
                int next = r.get(2).register("after-restart", null, record("After", 0)).join();
                assertThat(next).as("the id counter went on where it was").isEqualTo(17);
                assertThat(r.get(0).register("before-2", null, texts.get(r.get(0).version("before-2", 1, false)
                        .id())).join()).as("an old schema keeps its id").isEqualTo(r.get(0).version("before-2", 1,
                        false).id());
            } finally {
                r.forEach(ReplicatedRegistry::close);
            }
        }
    }

    private static List<ReplicatedRegistry> open(TestCluster c) {
        List<ReplicatedRegistry> r = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            r.add(SchemaRegistries.replicated(c.node(i)));
        }
        return r;
    }

    /** Every subject (soft-deleted ones too) with its versions as "version:id:deleted", in order. */
    private static Map<String, List<String>> describe(SchemaRegistry r) throws RegistryException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String s : r.subjects("", true)) {
            List<String> vs = new ArrayList<>();
            for (int v : r.versions(s, true)) {
                SubjectVersion sv = r.version(s, v, true);
                vs.add(v + ":" + sv.id() + ":" + sv.deleted());
            }
            vs.add("level=" + r.subjectLevel(s).orElse(null));
            out.put(s, vs);
        }
        out.put("", List.of("global=" + r.globalLevel()));
        return out;
    }

    private static void join(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        }
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static void assertCode(Call call, RegistryError error) {
        assertThatThrownBy(call::run).satisfies(e -> {
            Throwable t = e instanceof CompletionException ? e.getCause() : e;
            assertThat(t).isInstanceOf(RegistryException.class);
            assertThat(((RegistryException) t).error()).as(t.getMessage()).isEqualTo(error);
        });
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    private static String record(String name, int n) {
        return "{\"type\":\"record\",\"name\":\"" + name + n + "\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"}]}";
    }

    /** Version i of a record that only ever adds optional fields, so it passes FULL_TRANSITIVE. */
    private static String evolvable(int i) {
        StringBuilder fields = new StringBuilder("{\"name\":\"id\",\"type\":\"int\"}");
        for (int f = 0; f < i; f++) {
            fields.append(",{\"name\":\"f").append(f).append("\",\"type\":\"int\",\"default\":0}");
        }
        return "{\"type\":\"record\",\"name\":\"Evolving\",\"fields\":[" + fields + "]}";
    }

    private static String incompatible(String name) {
        return "{\"type\":\"record\",\"name\":\"" + name + "0\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    }
}
