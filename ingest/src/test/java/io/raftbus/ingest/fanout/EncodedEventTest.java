package io.raftbus.ingest.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

class EncodedEventTest {
    static {
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.PARANOID);
    }

    @Property(tries = 300)
    void aWireFrameDecodesToItsTextInAWebSocketClient(@ForAll @StringLength(max = 300) String text) {
        // Event text is decoded from UTF-8 bytes, so it never holds an unpaired surrogate.
        Assume.that(text.equals(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        assertThat(WireFrames.text(EncodedEvent.textFrame(text))).isEqualTo(text);
    }

    @Example
    void theLengthIsCountedInUtf8BytesAcrossEveryLengthEncoding() {
        for (int n : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 70_000}) {
            String ascii = "a".repeat(n);
            assertThat(WireFrames.text(EncodedEvent.textFrame(ascii))).isEqualTo(ascii);
        }
        // 42 three-byte characters are 126 bytes: the 16-bit length, though the string has 42 chars.
        String wide = "\u20ac".repeat(42);
        ByteBuf frame = EncodedEvent.textFrame(wide);
        assertThat((int) frame.getUnsignedByte(0)).as("FIN and text opcode").isEqualTo(0x81);
        assertThat((int) frame.getUnsignedByte(1)).as("unmasked, 16-bit length follows").isEqualTo(126);
        assertThat(frame.getUnsignedShort(2)).isEqualTo(126);
        assertThat(WireFrames.text(frame)).isEqualTo(wide);
    }

    @Example
    void aResumeClientGetsThePositionedVariantAndOthersThePlainOne() {
        EncodedEvent e = new EncodedEvent("evt", "news", "\"x\"", null, 7, 2);
        try {
            assertThat(WireFrames.text(e.frame(false).retainedDuplicate()))
                    .isEqualTo("{\"event\":\"evt\",\"channel\":\"news\",\"data\":\"x\"}");
            assertThat(WireFrames.text(e.frame(true).retainedDuplicate()))
                    .isEqualTo("{\"event\":\"evt\",\"channel\":\"news\",\"data\":\"x\",\"raftbus\":{\"offset\":7,"
                            + "\"epoch\":2}}");
            assertThat(e.frame(true)).as("encoded once").isSameAs(e.frame(true));
        } finally {
            e.release();
        }
    }
}
