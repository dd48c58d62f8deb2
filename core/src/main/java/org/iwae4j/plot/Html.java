package org.iwae4j.plot;

/** Escaping text for HTML element content and attribute values; the pages' common frame. */
final class Html {
    /** The look every page shares: tables, figures, notes. */
    private static final String STYLE = """
            body { font-family: sans-serif; margin: 2em; max-width: 1800px; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #bbb; padding: 4px 8px; text-align: right; }
            th { background: #f0f0f0; }
            figure { margin: 1em 0; }
            img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { color: #666; font-size: 90%; }
            .note { color: #555; font-size: 90%; max-width: 60em; }
            """;

    private Html() {}

    /** A whole page: {@code title}, the common style plus {@code style}, then {@code body}. */
    static String page(String title, String style, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>\n" + STYLE + style + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
