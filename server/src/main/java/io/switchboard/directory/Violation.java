package io.switchboard.directory;

/** One bad field of a directory object: {@code field} is a dotted path into the body ({@code serviceLevel.seconds}). */
public record Violation(String field, String message) {}
