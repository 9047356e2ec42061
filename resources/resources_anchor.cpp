// The resources are attached to this library by qt_add_resources; this file
// only gives the static library an object to exist.
namespace payops {
int resourcesAnchor()
{
    return 0;
}
} // namespace payops
