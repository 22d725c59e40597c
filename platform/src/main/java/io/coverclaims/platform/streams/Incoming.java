package io.coverclaims.platform.streams;

import org.apache.avro.specific.SpecificRecord;

/**
 * A consumed record's value as the kernel sees it: decoded, or not decodable together with why. Keeping
 * the raw bytes lets a poison record go to the dead-letter topic exactly as it arrived.
 */
public record Incoming(SpecificRecord value, byte[] raw, String decodeError) {

    public static Incoming decoded(SpecificRecord value, byte[] raw) {
        return new Incoming(value, raw, null);
    }

    public static Incoming undecodable(byte[] raw, String error) {
        return new Incoming(null, raw, error);
    }

    public boolean isDecoded() {
        return decodeError == null;
    }
}
