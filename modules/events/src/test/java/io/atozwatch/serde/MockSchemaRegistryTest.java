package io.atozwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.RefundEvent;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {

    private final String scope = TestRecords.freshScope();
    private final MockSchemaRegistry registry = MockSchemaRegistry.getClientForScope(scope);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void idsStartAtOneAndSameSchemaGetsSameId() {
        int first = registry.register("refunds-value", RefundEvent.getClassSchema());
        int again = registry.register("refunds-value", RefundEvent.getClassSchema());
        int other = registry.register("orders-value", OrderEvent.getClassSchema());

        assertThat(first).isEqualTo(1);
        assertThat(again).isEqualTo(first);
        assertThat(other).isEqualTo(2);
        assertThat(registry.getLatestSchemaMetadata("refunds-value").version()).isEqualTo(1);
    }

    @Test
    void sameSchemaTextInAnotherSubjectSharesTheIdButSchemasDifferingOnlyInADefaultDoNot() {
        String json =
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":1}]}";
        String reformatted =
                "{ \"fields\": [ {\"type\": \"int\", \"name\": \"a\", \"default\": 1} ],\n \"name\": \"R\", \"type\": \"record\" }";
        String otherDefault = json.replace("\"default\":1", "\"default\":2");

        int id = registry.register("a-value", parse(json));

        assertThat(registry.register("b-value", parse(reformatted))).isEqualTo(id);
        assertThat(registry.register("a-value", parse(otherDefault))).isNotEqualTo(id);
        assertThat(registry.getAllSubjects()).containsExactly("a-value", "b-value");
    }

    @Test
    void getIdFindsOnlyWhatIsRegisteredUnderThatSubject() {
        int id = registry.register("refunds-value", RefundEvent.getClassSchema());

        assertThat(registry.getId("refunds-value", RefundEvent.getClassSchema()))
                .isEqualTo(id);
        assertThatThrownBy(() -> registry.getId("refunds-key", RefundEvent.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessage("Schema io.atozwatch.events.RefundEvent is not registered under subject 'refunds-key'");
        assertThatThrownBy(() -> registry.getId("orders-value", OrderEvent.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("orders-value");
        assertThat(registry.getAllSubjects()).containsExactly("refunds-value");
    }

    @Test
    void notFoundErrorsCarryConfluentsErrorCodesLikeTheHttpClientsDo() {
        registry.register("refunds-value", RefundEvent.getClassSchema());

        assertThatThrownBy(() -> registry.getId("orders-value", OrderEvent.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                    assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NONE);
                });
        assertThatThrownBy(() -> registry.getId("refunds-value", OrderEvent.getClassSchema()))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> registry.getSchemaById(99))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> registry.getLatestSchemaMetadata("nope-value"))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
    }

    @Test
    void getSchemaByIdReturnsAnEqualSchemaAndRejectsUnknownIds() {
        int id = registry.register("refunds-value", RefundEvent.getClassSchema());

        assertThat(registry.getSchemaById(id))
                .isEqualTo(RefundEvent.getClassSchema())
                .isNotSameAs(RefundEvent.getClassSchema());
        assertThatThrownBy(() -> registry.getSchemaById(99))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessage("No schema with id 99");
    }

    @Test
    void latestMetadataFollowsNewVersionsButNotReRegistrationOfOldOnes() {
        Schema v1 = SchemaBuilder.record("R").fields().requiredInt("a").endRecord();
        Schema v2 = SchemaBuilder.record("R")
                .fields()
                .requiredInt("a")
                .optionalString("b")
                .endRecord();
        int id1 = registry.register("r-value", v1);
        int id2 = registry.register("r-value", v2);
        registry.register("r-value", v1);

        SchemaMetadata latest = registry.getLatestSchemaMetadata("r-value");

        assertThat(latest.id()).isEqualTo(id2).isNotEqualTo(id1);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.schema()).isEqualTo(v2);
        assertThatThrownBy(() -> registry.getLatestSchemaMetadata("nope-value"))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessage("Subject 'nope-value' not found");
    }

    @Test
    void scopesAreSharedByNameIsolatedFromEachOtherAndCanBeDropped() {
        String otherScope = TestRecords.freshScope();
        try {
            registry.register("refunds-value", RefundEvent.getClassSchema());

            assertThat(MockSchemaRegistry.getClientForScope(scope)).isSameAs(registry);
            MockSchemaRegistry other = MockSchemaRegistry.getClientForScope(otherScope);
            assertThat(other).isNotSameAs(registry);
            assertThat(other.getAllSubjects()).isEmpty();
            assertThat(other.register("orders-value", OrderEvent.getClassSchema()))
                    .isEqualTo(1);

            MockSchemaRegistry.dropScope(scope);

            MockSchemaRegistry fresh = MockSchemaRegistry.getClientForScope(scope);
            assertThat(fresh).isNotSameAs(registry);
            assertThat(fresh.getAllSubjects()).isEmpty();
            assertThat(other.getAllSubjects()).containsExactly("orders-value");
        } finally {
            MockSchemaRegistry.dropScope(otherScope);
        }
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
