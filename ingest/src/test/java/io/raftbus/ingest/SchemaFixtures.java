package io.raftbus.ingest;

import io.raftbus.schemas.ChannelBindings;
import io.raftbus.schemas.ChannelSchemas;
import io.raftbus.schemas.SchemaSource;
import io.raftbus.schemas.SubjectVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A fixed registry for edge tests: subject {@code orders-value} (id 1, record {@code Order} with string
 * {@code id} and long {@code amount}) and subject {@code other-value} (id 2), with channels {@code orders*} and
 * {@code private-orders*} bound to {@code orders-value}.
 */
public final class SchemaFixtures {
    /** The schema of {@code orders-value}. */
    public static final String ORDER = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"long\"}]}";
    /** The schema of {@code other-value}. */
    public static final String OTHER = "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[{\"name\":\"x\","
            + "\"type\":\"int\"}]}";
    /** The bindings the fixtures use. */
    public static final String BINDINGS = "orders*=orders-value;private-orders*=orders-value;presence-orders*="
            + "orders-value";
    private static final Map<Integer, Schema> BY_ID = Map.of(1, new Schema.Parser().parse(ORDER), 2,
            new Schema.Parser().parse(OTHER));

    private SchemaFixtures() {
    }

    /**
     * Returns the registry.
     *
     * @return a source answering ids 1 and 2.
     */
    public static SchemaSource source() {
        return new SchemaSource() {
            @Override
            public Optional<Schema> byId(int id) {
                return Optional.ofNullable(BY_ID.get(id));
            }

            @Override
            public Optional<SubjectVersion> latest(String subject) {
                return switch (subject) {
                    case "orders-value" -> Optional.of(new SubjectVersion(subject, 1, 1, "AVRO", ORDER, false));
                    case "other-value" -> Optional.of(new SubjectVersion(subject, 1, 2, "AVRO", OTHER, false));
                    default -> Optional.empty();
                };
            }

            @Override
            public boolean belongsTo(int id, String subject) {
                return id == 1 && subject.equals("orders-value") || id == 2 && subject.equals("other-value");
            }
        };
    }

    /**
     * Returns the schema check of {@link #BINDINGS} over {@link #source()}.
     *
     * @return the check.
     */
    public static ChannelSchemas schemas() {
        return ChannelBindings.parse(BINDINGS, source());
    }

    /**
     * Encodes an order in the Confluent wire format.
     *
     * @param id the schema id to put in the header.
     * @param orderId the order's id.
     * @param amount the order's amount.
     * @return magic byte 0, the id, the Avro binary.
     */
    public static byte[] framedOrder(int id, String orderId, long amount) {
        Schema s = BY_ID.get(1);
        GenericRecord r = new GenericData.Record(s);
        r.put("id", orderId);
        r.put("amount", amount);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
            BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(s).write(r, e);
            e.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
