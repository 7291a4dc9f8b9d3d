package io.raftbus.schemas.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class BinaryBoundsTest {
    private static final Schema INTS = new Schema.Parser().parse("{\"type\":\"array\",\"items\":\"int\"}");

    @Test
    void acceptsBlocksWithAndWithoutTheirByteSize() {
        // [1, 2] as one block of 2, then end; then the same block with count -2 and its size (2 bytes)
        byte[] plain = {4, 2, 4, 0};
        byte[] sized = {3, 4, 2, 4, 0};
        assertThatCode(() -> BinaryBounds.check(INTS, plain, 0)).doesNotThrowAnyException();
        assertThatCode(() -> BinaryBounds.check(INTS, sized, 0)).doesNotThrowAnyException();
    }

    @Test
    void refusesTheBlockCountWithNoPositiveForm() {
        // zigzag(Long.MIN_VALUE) is all ones: nine 0xFF bytes and 0x01; then a byte size of 0 and the end marker
        byte[] data = {-1, -1, -1, -1, -1, -1, -1, -1, -1, 1, 0, 0};
        assertThatThrownBy(() -> BinaryBounds.check(INTS, data, 0)).isInstanceOf(IOException.class)
                .hasMessageContaining("block count " + Long.MIN_VALUE + " is out of range");
    }

    @Test
    void refusesABlockCountAboveTheBytesLeft() {
        byte[] data = {(byte) 200, 1, 2, 0};
        assertThatThrownBy(() -> BinaryBounds.check(INTS, data, 0)).isInstanceOf(EOFException.class)
                .hasMessageContaining("block of 100 items");
    }
}
