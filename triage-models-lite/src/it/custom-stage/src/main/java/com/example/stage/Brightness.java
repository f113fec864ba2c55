package com.example.stage;

/**
 * The mean luma of a photo.
 *
 * @param mean 0 (black) to 255 (white), BT.601 weights
 */
public record Brightness(double mean) {}
