package io.raftbus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.log.ChannelKey;
import io.raftbus.log.PeerAddress;
import java.util.List;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroup;
import org.junit.jupiter.api.Test;

/**
 * The channel-to-group mapping and the group ids are fixed when a cluster is created and live in every node's
 * data directory, so they must never change between versions: these values are pinned.
 */
class GroupsTest {

    @Test
    void shouldComputeStandardFnv1aWhenHashing() {
        assertThat(Groups.fnv1a("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(Groups.fnv1a("a")).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(Groups.fnv1a("foobar")).isEqualTo(0x85944171f73967e8L);
    }

    @Test
    void shouldNeverMoveAChannelToAnotherGroupWhenCodeChanges() {
        assertThat(Groups.groupOf(new ChannelKey("app1", "orders"), 2)).isEqualTo(0);
        assertThat(Groups.groupOf(new ChannelKey("app1", "orders"), 8)).isEqualTo(4);
        assertThat(Groups.groupOf(new ChannelKey("app1", "orders"), 64)).isEqualTo(44);
        assertThat(Groups.groupOf(new ChannelKey("app1", "private-chat"), 2)).isEqualTo(1);
        assertThat(Groups.groupOf(new ChannelKey("app1", "private-chat"), 64)).isEqualTo(13);
        assertThat(Groups.groupOf(new ChannelKey("app-2", "orders"), 64)).isEqualTo(24);
        assertThat(Groups.groupOf(new ChannelKey("app1", "#server-to-user-42"), 64)).isEqualTo(20);
    }

    @Test
    void shouldMapTheClusterChannelOfGroupNToGroupNForEveryApp() {
        for (String app : List.of("app1", "app-2", "x")) {
            for (int g = 0; g < 5; g++) {
                assertThat(Groups.groupOf(new ChannelKey(app, "#cluster-g" + g), 5)).isEqualTo(g);
            }
        }
        // Not a canonical in-range group number: hashed like any channel (and refused by ChannelRules).
        assertThat(Groups.groupOf(new ChannelKey("app1", "#cluster-g5"), 5))
                .isEqualTo(Math.floorMod(Groups.fnv1a("app1\0#cluster-g5"), 5));
        assertThat(Groups.groupOf(new ChannelKey("app1", "#cluster-g01"), 64))
                .isEqualTo(Math.floorMod(Groups.fnv1a("app1\0#cluster-g01"), 64));
    }

    @Test
    void shouldSeparateAppAndChannelWhenHashing() {
        assertThat(Groups.fnv1a("ab\0c")).isNotEqualTo(Groups.fnv1a("a\0bc"));
        assertThat(Groups.groupOf(new ChannelKey("a", "b"), 64)).isEqualTo(50);
    }

    @Test
    void shouldAnswerAGroupInRangeWhenHashIsNegative() {
        for (int i = 0; i < 2_000; i++) {
            ChannelKey k = new ChannelKey("app", "channel-" + i);
            assertThat(Groups.groupOf(k, 3)).isBetween(0, 2);
            assertThat(Groups.groupOfConsumer("consumer-" + i, 5)).isBetween(0, 4);
        }
    }

    @Test
    void shouldNeverRenameGroupsWhenCodeChanges() {
        assertThat(Groups.groupId(0).getUuid()).isEqualTo(UUID.fromString("82c285b5-fa31-342d-a0a4-1bffa8531f19"));
        assertThat(Groups.groupId(1).getUuid()).isEqualTo(UUID.fromString("4dc590b6-479a-33e0-8149-ac7653df40f5"));
        assertThat(Groups.groupId(63).getUuid()).isEqualTo(UUID.fromString("96f42d20-85b6-38df-8cc7-2c1e507716dd"));
    }

    @Test
    void shouldListEveryPeerWhenBuildingAGroup() {
        RaftGroup g = Groups.group(1, List.of(new PeerAddress("n1", "h1", 7001), new PeerAddress("n2", "h2", 7002)));

        assertThat(g.getGroupId()).isEqualTo(Groups.groupId(1));
        assertThat(g.getPeers()).extracting(p -> p.getId().toString() + "@" + p.getAddress())
                .containsExactlyInAnyOrder("n1@h1:7001", "n2@h2:7002");
    }
}
