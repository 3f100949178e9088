package io.switchboard.customers;

/** One bad value: {@code field} is a dotted path into the body ({@code phones.1}, {@code attributes.tier}). */
public record Violation(String field, String message) {}
