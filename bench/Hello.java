/** The baseline for mapper's start-up time: a JVM that starts from the same jar and prints one line. */
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
