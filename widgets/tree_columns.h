#pragma once

#include <QHeaderView>

namespace payops {

// The lists of findings and incidents: every column as wide as its
// contents (severity, money, counts, times are never cut off) except
// `stretch`, the title, which takes the rest of the width.
inline void fitColumnsButStretch(QHeaderView *header, int columns, int stretch)
{
    for (int c = 0; c < columns; ++c)
        header->setSectionResizeMode(c, c == stretch ? QHeaderView::Stretch
                                                     : QHeaderView::ResizeToContents);
    header->setStretchLastSection(false);
}

} // namespace payops
