package io.raftbus.schemas.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonDecoder;
import org.apache.avro.io.JsonEncoder;

/**
 * Everything built once per schema id: the parsed schema, a shared reader and writer, and per-thread JSON
 * decoders and encoders (building one generates Avro's grammar for the schema, too costly per event; they are
 * reused with {@code configure}). Thread-safe.
 *
 * <p>The Confluent wire format it reads and writes:
 * <pre>
 * +------+----------------------+---------------------------+
 * | 0x00 | schema id (int32 BE) | Avro binary of the datum  |
 * +------+----------------------+---------------------------+
 *  byte 0  bytes 1..4             bytes 5..end (nothing after)
 * </pre>
 */
final class CompiledSchema {
    /** The magic byte of the Confluent wire format. */
    static final byte MAGIC = 0;
    /** The length of the magic byte and the id. */
    static final int HEADER = 5;

    private final int id;
    private final Schema schema;
    private final FieldTrackingReader reader;
    private final GenericDatumWriter<Object> writer;
    private final ThreadLocal<JsonDecoder> jsonDecoders;
    private final ThreadLocal<JsonOut> jsonOuts;
    /** The Confluent wire-format header of this id: magic byte, then the id big-endian. */
    private final byte[] header;
    private final AvroJsonAdapter adapter;
    private final AvroJsonPublisher publisher;

    CompiledSchema(int id, Schema schema) {
        this.id = id;
        this.schema = schema;
        this.reader = new FieldTrackingReader(schema);
        this.writer = new GenericDatumWriter<>(schema);
        this.jsonDecoders = ThreadLocal.withInitial(() -> {
            try {
                return DecoderFactory.get().jsonDecoder(schema, "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        this.jsonOuts = ThreadLocal.withInitial(() -> new JsonOut(schema));
        this.header = new byte[] {MAGIC, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
        this.adapter = new AvroJsonAdapter(header, schema);
        this.publisher = new AvroJsonPublisher(schema);
    }

    int id() {
        return id;
    }

    Schema schema() {
        return schema;
    }

    /**
     * Converts Avro JSON in its plain shape to the framed binary in one pass ({@link AvroJsonAdapter}).
     *
     * @param json UTF-8 JSON text.
     * @return the framed bytes, or null if the one pass does not take it: decode with {@link #readJson} then.
     */
    byte[] frameJson(byte[] json) {
        return adapter.frame(json);
    }

    /**
     * Decodes Avro JSON.
     *
     * @param json UTF-8 JSON text.
     * @return the datum.
     * @throws IOException or {@link FieldPathException} or another {@code AvroRuntimeException} if it does not
     *     match.
     */
    Object readJson(byte[] json) throws IOException {
        JsonDecoder d = jsonDecoders.get();
        d.configure(new ByteArrayInputStream(json));
        return reader.read(null, d);
    }

    /**
     * Decodes the Avro binary after the header of a framed payload.
     *
     * @param framed the whole payload.
     * @return the datum.
     * @throws IOException or {@link FieldPathException} if it does not decode (lengths are checked against the
     *     bytes left first, see {@link BinaryBounds}, so nothing large is allocated).
     * @throws TrailingBytesException if bytes are left after the datum.
     */
    Object readFramed(byte[] framed) throws IOException {
        BinaryBounds.check(schema, framed, HEADER);
        BinaryDecoder d = DecoderFactory.get().binaryDecoder(framed, HEADER, framed.length - HEADER, null);
        Object datum = reader.read(null, d);
        if (!d.isEnd()) {
            int left = 0;
            while (!d.isEnd()) {
                d.skipFixed(1);
                left++;
            }
            throw new TrailingBytesException(left);
        }
        return datum;
    }

    /**
     * Encodes a datum in the Confluent wire format with this id.
     *
     * @param datum the datum.
     * @return the framed bytes.
     * @throws IOException if it cannot be written.
     */
    byte[] frame(Object datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(header);
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(datum, e);
        e.flush();
        return out.toByteArray();
    }

    /**
     * Renders framed data as Avro JSON in one pass ({@link AvroJsonPublisher}).
     *
     * @param framed the whole payload.
     * @return UTF-8 JSON text.
     * @throws IOException if it does not decode in one pass: decode with {@link #readFramed} then.
     */
    byte[] renderJson(byte[] framed) throws IOException {
        return publisher.render(framed);
    }

    /**
     * Encodes a datum as Avro JSON.
     *
     * @param datum the datum.
     * @return UTF-8 JSON text.
     * @throws IOException if it cannot be written.
     */
    byte[] toJson(Object datum) throws IOException {
        JsonOut o = jsonOuts.get();
        o.out.reset();
        o.encoder.configure(o.out);
        writer.write(datum, o.encoder);
        o.encoder.flush();
        return o.out.toByteArray();
    }

    /**
     * Reads the schema id of a framed payload.
     *
     * @param framed the payload, at least {@link #HEADER} bytes.
     * @return the id.
     */
    static int idOf(byte[] framed) {
        return ((framed[1] & 0xff) << 24) | ((framed[2] & 0xff) << 16) | ((framed[3] & 0xff) << 8)
                | (framed[4] & 0xff);
    }

    /** One thread's JSON encoder and its buffer. */
    private static final class JsonOut {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        final JsonEncoder encoder;

        JsonOut(Schema schema) {
            try {
                encoder = EncoderFactory.get().jsonEncoder(schema, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Bytes left after a complete datum. */
    static final class TrailingBytesException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int count;

        TrailingBytesException(int count) {
            super(count + " bytes after the end of the data");
            this.count = count;
        }

        int count() {
            return count;
        }
    }
}
