package io.raftbus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.PublishResult;
import io.raftbus.log.ReadResult;
import io.raftbus.log.RetentionPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queries served without the log, and the replies of applied entries, encoded and decoded against a store. */
class QueryCodecTest {
    private static final ChannelKey CH = new ChannelKey("app", "orders");

    @TempDir
    Path tmp;

    private ChannelStore store;

    @BeforeEach
    void open() throws IOException {
        store = ChannelStore.open(tmp.resolve("store"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldNeverRenumberQueryOps() {
        assertThat(QueryCodec.READ).isEqualTo(1);
        assertThat(QueryCodec.LATEST).isEqualTo(2);
        assertThat(QueryCodec.POSITION).isEqualTo(3);
        assertThat(QueryCodec.SETTINGS).isEqualTo(4);
    }

    @Test
    void shouldRoundTripApplySettingsAndNameEachSettingThatDiffers() {
        ApplySettings mine = new ApplySettings(120_000, new RetentionPolicy(100_000, 86_400_000, 1L << 30));
        ApplySettings theirs = new ApplySettings(60_000, new RetentionPolicy(100_000, 86_400_000, 1L << 20));

        assertThat(QueryCodec.decodeSettings(ByteBuffer.wrap(theirs.encode()))).isEqualTo(theirs);
        assertThat(mine.differences(theirs, "n2")).containsExactly(
                "raftbus.log.dedupe-window-ms: 120000 here, 60000 on n2",
                "raftbus.log.retention.max-bytes: 1073741824 here, 1048576 on n2");
        assertThat(mine.differences(mine, "n2")).isEmpty();
        assertThat(QueryCodec.isSettings(ByteBuffer.wrap(QueryCodec.settings()))).isTrue();
        assertThat(QueryCodec.isSettings(ByteBuffer.wrap(QueryCodec.position("c")))).isFalse();
    }

    @Test
    void shouldAnswerWhatTheStoreReadsWhenEventsAreKept() throws IOException {
        store.applyPublish(1, 5, new LogEntry.PublishBatch(1_000, List.of(
                new PublishCommand(CH, "e1", new byte[] {1, 2}, "k", "1.2", 3),
                new PublishCommand(CH, "\u00e92", new byte[0], null, null, PublishCommand.NO_SCHEMA))),
                1_000, RetentionPolicy.DEFAULT);

        ReadResult r = QueryCodec.decodeRead(CH, ask(QueryCodec.read(CH, 1, 10)));

        assertThat(r).isEqualTo(store.read(CH, 1, 10));
        assertThat(((ReadResult.Events) r).events()).containsExactly(
                new ChannelEvent(CH, 1, 5, 1_000, "e1", new byte[] {1, 2}, "1.2", 3),
                new ChannelEvent(CH, 2, 5, 1_000, "\u00e92", new byte[0], null, PublishCommand.NO_SCHEMA));
        assertThat(QueryCodec.decodeRead(CH, ask(QueryCodec.read(CH, 2, 10))))
                .isEqualTo(new ReadResult.Events(List.of(new ChannelEvent(CH, 2, 5, 1_000, "\u00e92", new byte[0],
                        null, PublishCommand.NO_SCHEMA)), 3, 5));
        assertThat(ask(QueryCodec.latest(CH))).isEqualTo(ByteBuffer.wrap(StoreKeys.longs(2, 5, 1)));
    }

    @Test
    void shouldAnswerExpiredWhenTheOffsetWasTrimmed() throws IOException {
        RetentionPolicy one = new RetentionPolicy(1, 1_000, 1_000);
        store.applyPublish(1, 1, new LogEntry.PublishBatch(0, List.of(PublishCommand.of("app", "orders", "e",
                new byte[1]), PublishCommand.of("app", "orders", "e", new byte[1]))), 1_000, one);

        assertThat(QueryCodec.decodeRead(CH, ask(QueryCodec.read(CH, 1, 10)))).isEqualTo(new ReadResult.Expired(2, 1));
    }

    @Test
    void shouldAnswerThePositionWhenAsked() throws IOException {
        store.applySetPosition(1, 1, new LogEntry.SetPosition(0, "exporter", 0, 42));

        assertThat(ask(QueryCodec.position("exporter")).getLong()).isEqualTo(42);
        assertThat(ask(QueryCodec.position("other")).getLong()).isZero();
    }

    @Test
    void shouldRefuseWhenQueryVersionOrOpIsUnknown() {
        byte[] badVersion = QueryCodec.latest(CH);
        badVersion[0] = 2;
        byte[] badOp = QueryCodec.latest(CH);
        badOp[1] = 9;

        assertThatThrownBy(() -> QueryCodec.answer(store, ByteBuffer.wrap(badVersion)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown query version 2");
        assertThatThrownBy(() -> QueryCodec.answer(store, ByteBuffer.wrap(badOp)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown query op 9");
    }

    @Test
    void shouldRoundTripPublishRepliesWhenEncoded() {
        List<PublishResult> results = List.of(new PublishResult(1, 7, false), new PublishResult(Long.MAX_VALUE, 0,
                true));

        byte[] reply = QueryCodec.encodePublishReply(results);

        assertThat(reply).hasSize(4 + 2 * 17);
        assertThat(QueryCodec.decodePublishReply(ByteBuffer.wrap(reply))).isEqualTo(results);
    }

    private ByteBuffer ask(byte[] query) {
        return ByteBuffer.wrap(QueryCodec.answer(store, ByteBuffer.wrap(query)));
    }
}
