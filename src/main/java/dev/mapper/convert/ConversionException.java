package dev.mapper.convert;

/** A value that does not satisfy its declared type or range; the message names the value. */
public final class ConversionException extends Exception {
    public ConversionException(String message) {
        super(message);
    }
}
