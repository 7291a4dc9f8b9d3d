package io.raftbus.schemas.internal;

import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.ResolvingDecoder;

/**
 * A {@link GenericDatumReader} that reports which field failed: any failure while a field is read becomes a
 * {@link FieldPathException} naming the path of fields. Holds no per-read state, so one instance per schema is
 * shared by every thread (like Confluent's deserializer caches its readers).
 */
final class FieldTrackingReader extends GenericDatumReader<Object> {
    FieldTrackingReader(Schema schema) {
        super(schema, schema, slowReader());
    }

    /** Avro's fast reader (on by default) never calls {@link #readField}, so the path would be lost. */
    private static GenericData slowReader() {
        GenericData data = new GenericData();
        data.setFastReaderEnabled(false);
        return data;
    }

    @Override
    protected void readField(Object record, Schema.Field field, Object oldDatum, ResolvingDecoder in, Object state)
            throws IOException {
        try {
            super.readField(record, field, oldDatum, in, state);
        } catch (FieldPathException e) {
            throw e.under(field.name());
        } catch (AvroRuntimeException | IOException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new FieldPathException(field.name(), e);
        }
    }
}
