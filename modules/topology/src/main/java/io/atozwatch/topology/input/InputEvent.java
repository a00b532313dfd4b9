package io.atozwatch.topology.input;

import org.apache.avro.specific.SpecificRecord;

/**
 * An input record once read and checked: the typed event, and its value bytes exactly as received, so
 * that if the case later sets the event aside, the dead letter carries what the upstream system wrote
 * (nothing is re-encoded; the app never writes a schema under an input's subject).
 */
public record InputEvent(SpecificRecord event, byte[] raw) {}
