fn main() {
    anxin::mount();
}
