// RAMPART_LIFETIMEBOUND marks a member function whose result views `this`
// (clang then warns when it is called on a temporary and the view
// escapes, -Wdangling). Other compilers ignore it.
#ifndef RAMPART_BASE_LIFETIMEBOUND_H_
#define RAMPART_BASE_LIFETIMEBOUND_H_

#if defined(__clang__)
#define RAMPART_LIFETIMEBOUND [[clang::lifetimebound]]
#else
#define RAMPART_LIFETIMEBOUND
#endif

#endif  // RAMPART_BASE_LIFETIMEBOUND_H_
