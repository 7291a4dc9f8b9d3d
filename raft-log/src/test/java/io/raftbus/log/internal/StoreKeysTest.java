package io.raftbus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftbus.log.ChannelKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The key layout of the store is on disk in every snapshot (STYLE rule 8): table prefixes are pinned. */
class StoreKeysTest {

    @Test
    void shouldNeverChangeTablePrefixes() {
        assertThat((char) StoreKeys.META).isEqualTo('m');
        assertThat((char) StoreKeys.CHANNEL).isEqualTo('c');
        assertThat((char) StoreKeys.CHANNEL_BY_ID).isEqualTo('n');
        assertThat((char) StoreKeys.EVENT).isEqualTo('e');
        assertThat((char) StoreKeys.IDEMPOTENCY).isEqualTo('i');
        assertThat((char) StoreKeys.IDEMPOTENCY_EXPIRY).isEqualTo('t');
        assertThat((char) StoreKeys.POSITION).isEqualTo('p');
        assertThat((char) StoreKeys.OCC_NODE).isEqualTo('o');
        assertThat((char) StoreKeys.OCC_SUBS).isEqualTo('q');
        assertThat((char) StoreKeys.OCC_MEMBER).isEqualTo('w');
        assertThat((char) StoreKeys.OCC_CHANNEL).isEqualTo('T');
        assertThat((char) StoreKeys.OCC_USER).isEqualTo('U');
    }

    @Test
    void shouldPinTheOccupancyKeyLayoutAndKeepPrefixesOfOneNodeApart() {
        assertThat(StoreKeys.strings(StoreKeys.OCC_SUBS, "n", "a", "c"))
                .containsExactly('q', 0, 1, 'n', 0, 1, 'a', 0, 1, 'c');
        assertThat(StoreKeys.decodeStrings(StoreKeys.strings(StoreKeys.OCC_USER, "a", "c", "u\u00e9"), 3))
                .containsExactly("a", "c", "u\u00e9");
        byte[] nodeA = StoreKeys.strings(StoreKeys.OCC_SUBS, "a");
        byte[] rowOfNodeAb = StoreKeys.strings(StoreKeys.OCC_SUBS, "ab", "x", "y");
        assertThat(Arrays.equals(rowOfNodeAb, 0, nodeA.length, nodeA, 0, nodeA.length))
                .as("node a's scan prefix does not match node ab's rows").isFalse();
    }

    @Test
    void shouldPinTheLayoutWhenEncodingKeys() {
        assertThat(StoreKeys.event(2, 3)).containsExactly('e', 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3);
        assertThat(StoreKeys.channel(new ChannelKey("a", "bc"))).containsExactly('c', 0, 1, 'a', 0, 2, 'b', 'c');
        assertThat(StoreKeys.position("x")).containsExactly('p', 0, 1, 'x');
        assertThat(StoreKeys.APPLIED).isEqualTo(meta("applied"));
        assertThat(StoreKeys.NEXT_CHANNEL_ID).isEqualTo(meta("next-channel-id"));
        assertThat(StoreKeys.SWEEP_CURSOR).isEqualTo(meta("sweep-cursor"));
    }

    @Test
    void shouldOrderEventKeysByOffsetWhenOffsetsGrow() {
        byte[] a = StoreKeys.event(1, 255);
        byte[] b = StoreKeys.event(1, 256);
        byte[] c = StoreKeys.event(2, 1);

        assertThat(Arrays.compareUnsigned(a, b)).isNegative();
        assertThat(Arrays.compareUnsigned(b, c)).isNegative();
    }

    @Test
    void shouldRecoverTheIdempotencyKeyWhenReadingTheExpiryIndex() {
        byte[] key = StoreKeys.idempotency(new ChannelKey("app", "ch"), "k\u00e9y");

        byte[] expiry = StoreKeys.idempotencyExpiry(1_700_000_000_123L, key);

        assertThat(expiry[0]).isEqualTo(StoreKeys.IDEMPOTENCY_EXPIRY);
        assertThat(ByteBuffer.wrap(expiry, 1, 8).getLong()).isEqualTo(1_700_000_000_123L);
        assertThat(StoreKeys.idempotencyFromExpiry(expiry)).isEqualTo(key);
        assertThat(Arrays.compareUnsigned(StoreKeys.idempotencyExpiry(999, key),
                StoreKeys.idempotencyExpiry(1_000, key))).as("the expiry index sorts by time").isNegative();
    }

    @Test
    void shouldRoundTripTheChannelWhenStoredInTheReverseIndex() {
        ChannelKey k = new ChannelKey("app-1", "#server-to-user-\u00e9");

        assertThat(StoreKeys.decodeChannelKeyValue(StoreKeys.channelKeyValue(k))).isEqualTo(k);
    }

    private static byte[] meta(String name) {
        ByteBuffer b = ByteBuffer.allocate(3 + name.length());
        b.put((byte) 'm').putShort((short) name.length()).put(name.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
