package io.phototriage.core.testing;

import java.util.Arrays;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.params.converter.ArgumentConversionException;
import org.junit.jupiter.params.converter.ArgumentConverter;

/**
 * A table cell of space-separated numbers ({@code "999 759 499"}) as the {@code int[]}, {@code long[]} or
 * {@code double[]} the test method declares: {@code @ConvertWith(NumberList.class) int[] expected}. Shared through
 * the core test-jar.
 */
public final class NumberList implements ArgumentConverter {

    /**
     * Converts one cell.
     *
     * @param source  the cell, numbers separated by spaces
     * @param context the parameter it goes to
     * @return an array of the parameter's type
     * @throws ArgumentConversionException when the cell is not a string of numbers or the parameter not such an array
     */
    @Override
    public Object convert(Object source, ParameterContext context) throws ArgumentConversionException {
        if (!(source instanceof String cell) || cell.isBlank()) {
            throw new ArgumentConversionException("expected space-separated numbers, not " + source);
        }
        String[] numbers = cell.strip().split(" +");
        Class<?> type = context.getParameter().getType();
        try {
            if (type == int[].class) {
                return Arrays.stream(numbers).mapToInt(Integer::parseInt).toArray();
            }
            if (type == long[].class) {
                return Arrays.stream(numbers).mapToLong(Long::parseLong).toArray();
            }
            if (type == double[].class) {
                return Arrays.stream(numbers).mapToDouble(Double::parseDouble).toArray();
            }
        } catch (NumberFormatException e) {
            throw new ArgumentConversionException("not a list of numbers: " + cell, e);
        }
        throw new ArgumentConversionException("NumberList converts to int[], long[] or double[], not " + type.getSimpleName());
    }
}
