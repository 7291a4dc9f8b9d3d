package io.raftbus.schemas;

/** The contract on the in-memory test double, so the double the REST tests lean on is itself correct. */
class InMemorySchemaRegistryTest extends SchemaRegistryContractTest {
    @Override
    protected SchemaRegistry registry() {
        return new InMemorySchemaRegistry();
    }
}
