// Placeholder while the host is written.
int main() { return 0; }
