"""Reference data for the demo: the agencies of Vĩnh Phúc province, their departments, places and
Vietnamese personal names. Plain data, no Django imports."""

# ---------------------------------------------------------------------------------------------------------------
# Clusters (cụm) for the pilot thematic cell meetings: (code, name, description)
CLUSTERS = [
    ("cum-1", "Cụm 1 – Các cơ quan Đảng, đoàn thể",
     "Các ban đảng, Văn phòng Tỉnh ủy, Mặt trận Tổ quốc và các đoàn thể."),
    ("cum-2", "Cụm 2 – Khối nội chính", "Tòa án, Viện Kiểm sát, Thanh tra, Tư pháp, Nội vụ và các cơ quan nội chính."),
    ("cum-3", "Cụm 3 – Khối kinh tế tổng hợp", "Các sở, ngành kinh tế, tài chính, đầu tư, thuế, kho bạc, ngân hàng."),
    ("cum-4", "Cụm 4 – Khối văn hóa – xã hội", "Giáo dục, y tế, văn hóa, lao động – xã hội, thông tin, báo chí."),
    ("cum-5", "Cụm 5 – Khối sự nghiệp", "Bệnh viện, trường cao đẳng và các đơn vị sự nghiệp công lập."),
]

# ---------------------------------------------------------------------------------------------------------------
# Departments (units) that subordinate cells are named after.
GENERIC_DEPT_UNITS = [
    "Văn phòng Sở", "Thanh tra Sở", "Phòng Kế hoạch – Tài chính", "Phòng Tổ chức cán bộ", "Phòng Pháp chế",
]
HOSPITAL_UNITS = [
    "Phòng Kế hoạch tổng hợp", "Phòng Tổ chức cán bộ", "Phòng Tài chính kế toán", "Phòng Điều dưỡng",
    "Phòng Hành chính quản trị", "Khoa Khám bệnh", "Khoa Cấp cứu", "Khoa Hồi sức tích cực – Chống độc",
    "Khoa Nội tổng hợp", "Khoa Nội tim mạch", "Khoa Nội tiêu hóa", "Khoa Nội hô hấp", "Khoa Thận nhân tạo",
    "Khoa Ngoại tổng hợp", "Khoa Ngoại chấn thương", "Khoa Ngoại thần kinh", "Khoa Phẫu thuật – Gây mê hồi sức",
    "Khoa Ung bướu", "Khoa Truyền nhiễm", "Khoa Tai Mũi Họng", "Khoa Mắt", "Khoa Răng Hàm Mặt",
    "Khoa Chẩn đoán hình ảnh", "Khoa Xét nghiệm", "Khoa Giải phẫu bệnh", "Khoa Dược", "Khoa Dinh dưỡng",
    "Khoa Kiểm soát nhiễm khuẩn", "Khoa Y học cổ truyền", "Khoa Da liễu", "Khoa Thần kinh", "Khoa Lão khoa",
    "Khoa Cơ xương khớp", "Khoa Nội tiết", "Khoa Phục hồi chức năng", "Khoa Thăm dò chức năng",
]
MATERNITY_UNITS = [
    "Phòng Kế hoạch tổng hợp", "Phòng Tổ chức – Hành chính", "Phòng Tài chính kế toán", "Phòng Điều dưỡng",
    "Khoa Khám bệnh", "Khoa Sản bệnh", "Khoa Sản thường", "Khoa Đẻ", "Khoa Phụ", "Khoa Hỗ trợ sinh sản",
    "Khoa Nhi tổng hợp", "Khoa Sơ sinh", "Khoa Hồi sức tích cực Nhi", "Khoa Nhi truyền nhiễm", "Khoa Ngoại Nhi",
    "Khoa Phẫu thuật – Gây mê hồi sức", "Khoa Xét nghiệm", "Khoa Chẩn đoán hình ảnh", "Khoa Dược",
    "Khoa Kiểm soát nhiễm khuẩn", "Khoa Dinh dưỡng",
]
TRADITIONAL_MEDICINE_UNITS = [
    "Phòng Kế hoạch tổng hợp", "Phòng Tổ chức – Hành chính", "Khoa Khám bệnh", "Khoa Nội", "Khoa Ngoại – Phụ",
    "Khoa Châm cứu – Dưỡng sinh", "Khoa Phục hồi chức năng", "Khoa Lão khoa", "Khoa Nhi", "Khoa Dược",
    "Khoa Xét nghiệm – Chẩn đoán hình ảnh",
]
COLLEGE_UNITS = [
    "Phòng Tổ chức – Hành chính", "Phòng Đào tạo", "Phòng Kế hoạch – Tài chính", "Phòng Công tác học sinh, sinh viên",
    "Khoa Cơ khí", "Khoa Điện – Điện tử", "Khoa Công nghệ thông tin", "Khoa Kinh tế", "Khoa Ngoại ngữ",
    "Khoa Giáo dục chính trị – Thể chất", "Khoa Công nghệ ô tô", "Khoa Du lịch – Khách sạn", "Khoa Sư phạm",
    "Khoa Y – Dược", "Trung tâm Tuyển sinh và Hợp tác doanh nghiệp", "Phòng Khảo thí và Bảo đảm chất lượng",
]
UPPER_SECONDARY_SCHOOLS = [
    "Trường THPT Chuyên Vĩnh Phúc", "Trường THPT Trần Phú", "Trường THPT Vĩnh Yên", "Trường THPT Liễn Sơn",
    "Trường THPT Ngô Gia Tự", "Trường THPT Yên Lạc", "Trường THPT Yên Lạc 2", "Trường THPT Phạm Công Bình",
    "Trường THPT Lê Xoay", "Trường THPT Vĩnh Tường", "Trường THPT Nguyễn Viết Xuân", "Trường THPT Đội Cấn",
    "Trường THPT Tam Dương", "Trường THPT Trần Hưng Đạo", "Trường THPT Tam Đảo", "Trường THPT Bình Xuyên",
    "Trường THPT Quang Hà", "Trường THPT Võ Thị Sáu", "Trường THPT Bến Tre", "Trường THPT Phúc Yên",
    "Trường THPT Xuân Hòa", "Trường THPT Hai Bà Trưng", "Trường THPT Lập Thạch", "Trường THPT Triệu Thái",
    "Trường THPT Văn Quán", "Trường THPT Sông Lô", "Trường THPT Sáng Sơn", "Trường THPT Nguyễn Thái Học",
    "Trường THPT Đồng Đậu", "Trường THPT Hồ Xuân Hương", "Trường THPT Nguyễn Duy Thì", "Trường THPT Bình Sơn",
]
EDUCATION_UNITS = [
    "Văn phòng Sở", "Phòng Giáo dục Trung học", "Phòng Giáo dục Mầm non – Tiểu học",
    "Phòng Khảo thí và Quản lý chất lượng giáo dục", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch – Tài chính",
    "Thanh tra Sở",
] + UPPER_SECONDARY_SCHOOLS
HEALTH_UNITS = [
    "Văn phòng Sở", "Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược", "Phòng Kế hoạch – Tài chính",
    "Phòng Tổ chức cán bộ", "Thanh tra Sở", "Chi cục Dân số – Kế hoạch hóa gia đình",
    "Chi cục An toàn vệ sinh thực phẩm", "Trung tâm Kiểm soát bệnh tật", "Trung tâm Kiểm nghiệm",
    "Trung tâm Giám định y khoa", "Trung tâm Pháp y", "Bệnh viện Tâm thần", "Bệnh viện Phổi",
    "Bệnh viện Phục hồi chức năng", "Trung tâm Cấp cứu 115", "Trung tâm Y tế thành phố Vĩnh Yên",
    "Trung tâm Y tế thành phố Phúc Yên", "Trung tâm Y tế huyện Bình Xuyên", "Trung tâm Y tế huyện Yên Lạc",
    "Trung tâm Y tế huyện Vĩnh Tường", "Trung tâm Y tế huyện Tam Dương", "Trung tâm Y tế huyện Tam Đảo",
    "Trung tâm Y tế huyện Lập Thạch", "Trung tâm Y tế huyện Sông Lô",
]
COURT_UNITS = [
    "Văn phòng", "Tòa Hình sự", "Tòa Dân sự", "Tòa Hành chính", "Tòa Kinh tế",
    "Tòa Gia đình và người chưa thành niên", "Phòng Kiểm tra nghiệp vụ và thi hành án",
    "Phòng Tổ chức cán bộ – Thanh tra – Thi đua khen thưởng",
]
PROCURACY_UNITS = [
    "Văn phòng", "Phòng Thực hành quyền công tố và kiểm sát điều tra án hình sự",
    "Phòng Thực hành quyền công tố và kiểm sát xét xử phúc thẩm", "Phòng Kiểm sát giải quyết các vụ, việc dân sự",
    "Phòng Kiểm sát thi hành án dân sự", "Phòng Kiểm sát tạm giữ, tạm giam và thi hành án hình sự",
    "Thanh tra – Khiếu tố", "Phòng Tổ chức cán bộ",
]
TAX_UNITS = [
    "Văn phòng Cục", "Phòng Kiểm tra thuế số 1", "Phòng Kiểm tra thuế số 2", "Phòng Thanh tra thuế",
    "Phòng Quản lý nợ và cưỡng chế nợ thuế", "Phòng Tuyên truyền – Hỗ trợ người nộp thuế",
    "Phòng Kê khai và kế toán thuế", "Chi cục Thuế thành phố Vĩnh Yên", "Chi cục Thuế khu vực Phúc Yên – Bình Xuyên",
    "Chi cục Thuế khu vực Vĩnh Tường – Yên Lạc", "Chi cục Thuế khu vực Lập Thạch – Sông Lô",
]
TREASURY_UNITS = [
    "Văn phòng", "Phòng Kế toán nhà nước", "Phòng Kiểm soát chi", "Phòng Thanh tra – Kiểm tra",
    "Phòng Tin học", "Kho bạc Nhà nước thành phố Vĩnh Yên", "Kho bạc Nhà nước huyện Vĩnh Tường",
]
SOCIAL_INSURANCE_UNITS = [
    "Văn phòng", "Phòng Quản lý thu", "Phòng Chế độ bảo hiểm xã hội", "Phòng Giám định bảo hiểm y tế",
    "Phòng Kế hoạch – Tài chính", "Phòng Công nghệ thông tin", "Bảo hiểm xã hội thành phố Vĩnh Yên",
    "Bảo hiểm xã hội huyện Yên Lạc", "Bảo hiểm xã hội huyện Lập Thạch",
]
BROADCAST_UNITS = [
    "Phòng Tổ chức – Hành chính", "Phòng Thời sự", "Phòng Chuyên đề", "Phòng Văn nghệ – Giải trí",
    "Phòng Kỹ thuật – Công nghệ", "Phòng Biên tập", "Phòng Quảng cáo – Dịch vụ", "Phòng Phát thanh",
]
NEWSPAPER_UNITS = [
    "Ban Thư ký tòa soạn", "Phòng Phóng viên", "Phòng Báo điện tử", "Phòng Trị sự – Hành chính",
]
PARTY_OFFICE_UNITS = [
    "Phòng Tổng hợp", "Phòng Hành chính – Lưu trữ", "Phòng Quản trị – Tài vụ", "Phòng Tài chính đảng",
    "Phòng Cơ yếu – Công nghệ thông tin", "Nhà khách Tỉnh ủy",
]
PROVINCIAL_OFFICE_UNITS = [
    "Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Khoa giáo – Văn xã", "Phòng Nội chính", "Phòng Hành chính – Tổ chức",
    "Phòng Quản trị – Tài vụ", "Ban Tiếp công dân", "Trung tâm Thông tin – Công báo", "Nhà khách tỉnh",
]
POLITICAL_SCHOOL_UNITS = [
    "Phòng Tổ chức – Hành chính", "Phòng Quản lý đào tạo – Nghiên cứu khoa học", "Khoa Xây dựng Đảng",
    "Khoa Lý luận cơ sở", "Khoa Nhà nước và Pháp luật", "Khoa Dân vận",
]
LABOUR_FEDERATION_UNITS = [
    "Văn phòng", "Ban Tổ chức – Kiểm tra", "Ban Chính sách – Pháp luật", "Ban Tuyên giáo – Nữ công",
    "Ban Tài chính", "Nhà văn hóa Lao động",
]
FRONT_UNITS = ["Văn phòng", "Ban Dân chủ – Pháp luật", "Ban Phong trào", "Ban Tuyên giáo – Đối ngoại"]
INDUSTRIAL_ZONES_UNITS = [
    "Văn phòng Ban", "Phòng Quản lý đầu tư", "Phòng Quản lý doanh nghiệp", "Phòng Quản lý lao động",
    "Phòng Quản lý quy hoạch – xây dựng – môi trường",
]
PROJECTS_UNITS = [
    "Phòng Hành chính – Tổng hợp", "Phòng Kế hoạch – Tài chính", "Phòng Kỹ thuật", "Phòng Quản lý dự án 1",
    "Phòng Quản lý dự án 2", "Phòng Quản lý dự án 3",
]

DEPT_UNITS = {
    "Văn phòng UBND tỉnh": PROVINCIAL_OFFICE_UNITS,
    "Sở Nội vụ": [
        "Văn phòng Sở", "Phòng Tổ chức – Biên chế", "Phòng Công chức, viên chức", "Phòng Xây dựng chính quyền",
        "Ban Thi đua – Khen thưởng", "Ban Tôn giáo", "Chi cục Văn thư – Lưu trữ", "Thanh tra Sở",
    ],
    "Sở Tài chính": GENERIC_DEPT_UNITS[:3] + [
        "Phòng Quản lý ngân sách", "Phòng Tài chính đầu tư", "Phòng Quản lý giá và công sản",
        "Phòng Tài chính hành chính sự nghiệp", "Phòng Tài chính doanh nghiệp",
    ],
    "Sở Kế hoạch và Đầu tư": GENERIC_DEPT_UNITS[:2] + [
        "Phòng Tổng hợp, quy hoạch", "Phòng Đăng ký kinh doanh", "Phòng Kinh tế ngành",
        "Phòng Đấu thầu, thẩm định và giám sát đầu tư", "Phòng Doanh nghiệp, kinh tế tập thể và tư nhân",
    ],
    "Sở Nông nghiệp và Phát triển nông thôn": GENERIC_DEPT_UNITS[:3] + [
        "Chi cục Trồng trọt và Bảo vệ thực vật", "Chi cục Chăn nuôi và Thú y", "Chi cục Kiểm lâm",
        "Chi cục Thủy lợi", "Chi cục Phát triển nông thôn", "Trung tâm Khuyến nông",
        "Ban Quản lý rừng phòng hộ Lập Thạch", "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn",
    ],
    "Sở Tài nguyên và Môi trường": GENERIC_DEPT_UNITS[:3] + [
        "Phòng Quản lý đất đai", "Chi cục Bảo vệ môi trường", "Văn phòng Đăng ký đất đai",
        "Trung tâm Phát triển quỹ đất", "Trung tâm Quan trắc tài nguyên và môi trường",
        "Trung tâm Công nghệ thông tin tài nguyên và môi trường",
    ],
    "Sở Xây dựng": GENERIC_DEPT_UNITS[:3] + [
        "Phòng Quản lý quy hoạch – kiến trúc", "Phòng Quản lý chất lượng công trình",
        "Phòng Quản lý nhà và thị trường bất động sản", "Trung tâm Kiểm định chất lượng xây dựng",
        "Viện Quy hoạch xây dựng",
    ],
    "Sở Giao thông vận tải": GENERIC_DEPT_UNITS[:3] + [
        "Phòng Quản lý vận tải", "Phòng Quản lý kết cấu hạ tầng giao thông", "Thanh tra giao thông",
        "Trung tâm Đăng kiểm xe cơ giới", "Ban Quản lý bảo trì đường bộ",
    ],
    "Sở Công Thương": GENERIC_DEPT_UNITS[:3] + [
        "Phòng Quản lý thương mại", "Phòng Quản lý công nghiệp", "Phòng Quản lý năng lượng",
        "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp",
    ],
    "Sở Lao động – Thương binh và Xã hội": GENERIC_DEPT_UNITS[:3] + [
        "Phòng Lao động – Việc làm", "Phòng Người có công", "Phòng Bảo trợ xã hội", "Trung tâm Dịch vụ việc làm",
        "Trung tâm Bảo trợ xã hội", "Trung tâm Điều dưỡng người có công", "Cơ sở Cai nghiện ma túy",
    ],
    "Sở Văn hóa, Thể thao và Du lịch": GENERIC_DEPT_UNITS[:3] + [
        "Phòng Quản lý văn hóa", "Phòng Quản lý du lịch", "Phòng Quản lý thể dục thể thao", "Bảo tàng tỉnh",
        "Thư viện tỉnh", "Trung tâm Văn hóa – Điện ảnh", "Trung tâm Huấn luyện và Thi đấu thể dục thể thao",
        "Đoàn Nghệ thuật Chèo", "Ban Quản lý Di tích",
    ],
    "Sở Khoa học và Công nghệ": GENERIC_DEPT_UNITS[:3] + [
        "Phòng Quản lý khoa học", "Phòng Quản lý công nghệ", "Chi cục Tiêu chuẩn Đo lường Chất lượng",
        "Trung tâm Thông tin và Ứng dụng khoa học công nghệ",
    ],
    "Sở Thông tin và Truyền thông": GENERIC_DEPT_UNITS[:3] + [
        "Phòng Báo chí – Xuất bản", "Phòng Bưu chính – Viễn thông", "Phòng Công nghệ thông tin",
        "Trung tâm Công nghệ thông tin và Truyền thông",
    ],
    "Sở Tư pháp": GENERIC_DEPT_UNITS[:3] + [
        "Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp", "Phòng Xây dựng và kiểm tra văn bản",
        "Trung tâm Trợ giúp pháp lý nhà nước", "Phòng Công chứng số 1", "Trung tâm Dịch vụ đấu giá tài sản",
    ],
}

# ---------------------------------------------------------------------------------------------------------------
# The Bloc's grassroots organisations: (agency, category, cluster, options).
# Options: big (200+ members), units (list), est (date tuple), special ("transfer_in", "rename", "transfer_out"),
# merge (indices of target and source unit), renamed_to.
COMMITTEES = [
    ("Sở Y tế", "health", "cum-4", {"big": True, "units": HEALTH_UNITS}),
    ("Sở Giáo dục và Đào tạo", "education", "cum-4", {"big": True, "units": EDUCATION_UNITS}),
    ("Bệnh viện Đa khoa tỉnh", "hospital", "cum-5", {"big": True, "units": HOSPITAL_UNITS}),
    ("Trường Cao đẳng Vĩnh Phúc", "college", "cum-5", {"big": True, "units": COLLEGE_UNITS, "est": (2017, 6, 1)}),
    ("Bệnh viện Sản – Nhi tỉnh", "hospital", "cum-5", {"big": True, "units": MATERNITY_UNITS, "est": (2012, 3, 1)}),
    ("Văn phòng Tỉnh ủy", "party", "cum-1", {"units": PARTY_OFFICE_UNITS}),
    ("Văn phòng UBND tỉnh", "dept", "cum-2", {}),
    ("Sở Nội vụ", "dept", "cum-2", {"merge": (1, 2)}),
    ("Sở Tài chính", "dept", "cum-3", {}),
    ("Sở Kế hoạch và Đầu tư", "dept", "cum-3", {}),
    ("Sở Nông nghiệp và Phát triển nông thôn", "dept", "cum-3", {}),
    ("Sở Tài nguyên và Môi trường", "dept", "cum-3", {"est": (2003, 4, 1)}),
    ("Sở Xây dựng", "dept", "cum-3", {}),
    ("Sở Giao thông vận tải", "dept", "cum-3", {}),
    ("Sở Công Thương", "dept", "cum-3", {"est": (2008, 4, 1)}),
    ("Sở Lao động – Thương binh và Xã hội", "dept", "cum-4", {}),
    ("Sở Văn hóa, Thể thao và Du lịch", "dept", "cum-4", {"est": (2008, 4, 1)}),
    ("Sở Khoa học và Công nghệ", "dept", "cum-4", {}),
    ("Sở Thông tin và Truyền thông", "dept", "cum-4", {"est": (2004, 9, 1)}),
    ("Sở Tư pháp", "dept", "cum-2", {}),
    ("Tòa án nhân dân tỉnh", "court", "cum-2", {"units": COURT_UNITS}),
    ("Viện Kiểm sát nhân dân tỉnh", "procuracy", "cum-2", {"units": PROCURACY_UNITS}),
    ("Cục Thuế tỉnh", "finance", "cum-3", {"units": TAX_UNITS}),
    ("Kho bạc Nhà nước tỉnh", "finance", "cum-3", {"units": TREASURY_UNITS}),
    ("Bảo hiểm xã hội tỉnh", "finance", "cum-3", {"units": SOCIAL_INSURANCE_UNITS}),
    ("Đài Phát thanh và Truyền hình tỉnh", "media", "cum-4", {"units": BROADCAST_UNITS}),
    ("Báo Vĩnh Phúc", "media", "cum-4", {"units": NEWSPAPER_UNITS}),
    ("Bệnh viện Y dược cổ truyền tỉnh", "hospital", "cum-5", {"units": TRADITIONAL_MEDICINE_UNITS}),
    ("Trường Cao đẳng Kinh tế – Kỹ thuật Vĩnh Phúc", "college", "cum-5", {"units": COLLEGE_UNITS}),
    ("Ban Quản lý các khu công nghiệp tỉnh", "dept", "cum-3", {"units": INDUSTRIAL_ZONES_UNITS, "est": (2003, 5, 1)}),
    ("Trường Chính trị tỉnh", "college", "cum-1", {"units": POLITICAL_SCHOOL_UNITS}),
    ("Liên đoàn Lao động tỉnh", "mass", "cum-1", {"units": LABOUR_FEDERATION_UNITS}),
    ("Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "mass", "cum-1", {"units": FRONT_UNITS}),
    ("Ban Quản lý dự án đầu tư xây dựng tỉnh", "dept", "cum-3", {"units": PROJECTS_UNITS, "est": (2017, 1, 1)}),
]
GRASSROOTS_CELLS = [
    ("Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh", "dept", "cum-3",
     {"special": "transfer_in", "from": "Đảng bộ thành phố Vĩnh Yên"}),
    ("Trung tâm Hành chính công tỉnh", "dept", "cum-2",
     {"special": "rename", "est": (2017, 10, 1), "renamed_to": "Trung tâm Phục vụ hành chính công tỉnh"}),
    ("Ban Dân tộc tỉnh", "dept", "cum-4", {}),
    ("Liên minh Hợp tác xã tỉnh", "mass", "cum-3", {}),
    ("Cơ quan Đảng ủy Khối", "party", "cum-1", {"host": "Đảng ủy Khối Các cơ quan tỉnh"}),
    ("Thanh tra tỉnh", "dept", "cum-2", {}),
    ("Sở Ngoại vụ", "dept", "cum-2", {}),
    ("Ban Tổ chức Tỉnh ủy", "party", "cum-1", {}),
    ("Ban Tuyên giáo Tỉnh ủy", "party", "cum-1", {}),
    ("Ủy ban Kiểm tra Tỉnh ủy", "party", "cum-1", {}),
    ("Ban Nội chính Tỉnh ủy", "party", "cum-2", {}),
    ("Ban Dân vận Tỉnh ủy", "party", "cum-1", {}),
    ("Cơ quan Tỉnh đoàn", "mass", "cum-1", {"host": "Tỉnh đoàn Vĩnh Phúc"}),
    ("Hội Liên hiệp Phụ nữ tỉnh", "mass", "cum-1", {}),
    ("Hội Nông dân tỉnh", "mass", "cum-1", {}),
    ("Hội Cựu chiến binh tỉnh", "mass", "cum-1", {}),
    ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "mass", "cum-4", {}),
    ("Hội Văn học Nghệ thuật tỉnh", "mass", "cum-4", {}),
    ("Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "dept", "cum-2", {}),
    ("Cục Thống kê tỉnh", "finance", "cum-3", {}),
    ("Ngân hàng Nhà nước chi nhánh tỉnh Vĩnh Phúc", "finance", "cum-3", {}),
    ("Hội Chữ thập đỏ tỉnh", "mass", "cum-4", {}),
    ("Quỹ Đầu tư phát triển tỉnh", "finance", "cum-3", {}),
    ("Hội Nhà báo tỉnh", "mass", "cum-4", {}),
]
# A grassroots cell that left the Bloc (transferred to a district committee); extra to the 55.
TRANSFERRED_OUT = ("Ban Quản lý Khu danh thắng Tây Thiên", "dept", "cum-4",
                   {"special": "transfer_out", "to": "Đảng bộ huyện Tam Đảo"})

# ---------------------------------------------------------------------------------------------------------------
# Places: district -> (full name, [commune/ward/town with its unit word])
DISTRICTS = {
    "Vĩnh Yên": ("thành phố Vĩnh Yên", [
        "phường Liên Bảo", "phường Tích Sơn", "phường Ngô Quyền", "phường Đống Đa", "phường Hội Hợp",
        "phường Đồng Tâm", "phường Khai Quang", "xã Thanh Trù", "xã Định Trung"]),
    "Phúc Yên": ("thành phố Phúc Yên", [
        "phường Trưng Trắc", "phường Trưng Nhị", "phường Hùng Vương", "phường Phúc Thắng", "phường Xuân Hòa",
        "phường Đồng Xuân", "phường Tiền Châu", "phường Nam Viêm", "xã Cao Minh", "xã Ngọc Thanh"]),
    "Bình Xuyên": ("huyện Bình Xuyên", [
        "thị trấn Hương Canh", "thị trấn Gia Khánh", "thị trấn Thanh Lãng", "xã Tam Hợp", "xã Quất Lưu",
        "xã Sơn Lôi", "xã Đạo Đức", "xã Tân Phong", "xã Phú Xuân", "xã Thiện Kế", "xã Trung Mỹ", "xã Bá Hiến",
        "xã Hương Sơn"]),
    "Yên Lạc": ("huyện Yên Lạc", [
        "thị trấn Yên Lạc", "xã Đồng Cương", "xã Đồng Văn", "xã Bình Định", "xã Trung Nguyên", "xã Tề Lỗ",
        "xã Tam Hồng", "xã Yên Đồng", "xã Văn Tiến", "xã Nguyệt Đức", "xã Yên Phương", "xã Hồng Phương",
        "xã Trung Kiên", "xã Liên Châu", "xã Đại Tự", "xã Hồng Châu", "xã Trung Hà"]),
    "Vĩnh Tường": ("huyện Vĩnh Tường", [
        "thị trấn Vĩnh Tường", "thị trấn Thổ Tang", "thị trấn Tứ Trưng", "xã Kim Xá", "xã Yên Bình",
        "xã Chấn Hưng", "xã Nghĩa Hưng", "xã Yên Lập", "xã Việt Xuân", "xã Bồ Sao", "xã Đại Đồng", "xã Tân Tiến",
        "xã Lũng Hòa", "xã Cao Đại", "xã Vĩnh Sơn", "xã Bình Dương", "xã Tân Phú", "xã Thượng Trưng", "xã Vũ Di",
        "xã Lý Nhân", "xã Tuân Chính", "xã Vĩnh Thịnh", "xã Ngũ Kiên", "xã An Tường", "xã Phú Đa"]),
    "Tam Dương": ("huyện Tam Dương", [
        "thị trấn Hợp Hòa", "xã Hoàng Hoa", "xã Đồng Tĩnh", "xã Kim Long", "xã Hướng Đạo", "xã Đạo Tú",
        "xã An Hòa", "xã Thanh Vân", "xã Duy Phiên", "xã Hoàng Đan", "xã Hoàng Lâu", "xã Vân Hội", "xã Hợp Thịnh"]),
    "Tam Đảo": ("huyện Tam Đảo", [
        "thị trấn Tam Đảo", "thị trấn Đại Đình", "thị trấn Hợp Châu", "xã Tam Quan", "xã Hồ Sơn", "xã Minh Quang",
        "xã Đạo Trù", "xã Yên Dương", "xã Bồ Lý"]),
    "Lập Thạch": ("huyện Lập Thạch", [
        "thị trấn Lập Thạch", "thị trấn Hoa Sơn", "xã Liễn Sơn", "xã Xuân Hòa", "xã Vân Trục", "xã Liên Hòa",
        "xã Tử Du", "xã Bàn Giản", "xã Xuân Lôi", "xã Đồng Ích", "xã Tiên Lữ", "xã Văn Quán", "xã Đình Chu",
        "xã Triệu Đề", "xã Sơn Đông", "xã Thái Hòa", "xã Bắc Bình", "xã Hợp Lý", "xã Quang Sơn", "xã Ngọc Mỹ"]),
    "Sông Lô": ("huyện Sông Lô", [
        "thị trấn Tam Sơn", "xã Lãng Công", "xã Quang Yên", "xã Bạch Lưu", "xã Hải Lựu", "xã Đồng Quế",
        "xã Nhân Đạo", "xã Đôn Nhân", "xã Phương Khoan", "xã Tân Lập", "xã Nhạo Sơn", "xã Như Thụy", "xã Yên Thạch",
        "xã Đồng Thịnh", "xã Tứ Yên", "xã Đức Bác", "xã Cao Phong"]),
}

# Templates for the synthetic organisations of a province-sized dataset: (name, category, cluster, scope)
# scope "district" fills {d} with each district's full name, "commune" fills {c} with each commune
# ("xã Tam Hợp") or {cn} with its bare name ("Tam Hợp").
SYNTHETIC_TEMPLATES = [
    ("Trung tâm Y tế {d}", "hospital", "cum-5", "district"),
    ("Bảo hiểm xã hội {d}", "finance", "cum-3", "district"),
    ("Chi cục Thuế {d}", "finance", "cum-3", "district"),
    ("Kho bạc Nhà nước {d}", "finance", "cum-3", "district"),
    ("Tòa án nhân dân {d}", "court", "cum-2", "district"),
    ("Viện Kiểm sát nhân dân {d}", "procuracy", "cum-2", "district"),
    ("Chi cục Thi hành án dân sự {d}", "court", "cum-2", "district"),
    ("Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên {d}", "education", "cum-4", "district"),
    ("Phòng Giáo dục và Đào tạo {d}", "education", "cum-4", "district"),
    ("Trung tâm Văn hóa – Thông tin và Thể thao {d}", "dept", "cum-4", "district"),
    ("Trường Trung học cơ sở {cn}", "education", "cum-4", "commune"),
    ("Trường Tiểu học {cn}", "education", "cum-4", "commune"),
    ("Trường Mầm non {cn}", "education", "cum-4", "commune"),
    ("Trạm Y tế {c}", "hospital", "cum-5", "commune"),
]

# ---------------------------------------------------------------------------------------------------------------
# People
FAMILY_NAMES = [
    ("Nguyễn", 31), ("Trần", 10), ("Lê", 8), ("Phạm", 6), ("Hoàng", 4), ("Vũ", 4), ("Đỗ", 3), ("Bùi", 3),
    ("Đặng", 2), ("Ngô", 2), ("Dương", 2), ("Phan", 1.5), ("Đào", 1.5), ("Đinh", 1.5), ("Trịnh", 1.2), ("Hà", 1.2),
    ("Lương", 1), ("Cao", 1), ("Lưu", 0.8), ("Tạ", 0.8), ("Chu", 0.8), ("Mai", 0.6), ("Khổng", 0.5), ("Kim", 0.5),
    ("Tô", 0.5), ("Triệu", 0.4), ("Lại", 0.4), ("Nghiêm", 0.4), ("Quách", 0.3), ("Văn", 0.3), ("Đồng", 0.3),
    ("Lã", 0.3), ("Phùng", 0.6), ("Hồ", 0.5), ("Tăng", 0.2), ("Kiều", 0.4), ("Thái", 0.3), ("Nông", 0.2),
]
MALE_MIDDLE = [
    ("Văn", 30), ("Đức", 8), ("Minh", 7), ("Quang", 6), ("Hữu", 5), ("Ngọc", 3), ("Xuân", 4), ("Mạnh", 3),
    ("Thanh", 4), ("Tuấn", 2), ("Hoàng", 3), ("Công", 4), ("Trọng", 3), ("Đình", 5), ("Bá", 2), ("Duy", 3),
    ("Tiến", 2), ("Việt", 2), ("Anh", 2), ("Quốc", 3), ("Hồng", 2), ("Kim", 1), ("Thế", 3), ("Trung", 2), ("Huy", 2),
]
MALE_SECOND_MIDDLE = ["Minh", "Anh", "Quốc", "Hoàng", "Việt", "Tuấn", "Thành", "Hải", "Trung", "Ngọc"]
FEMALE_MIDDLE = [
    ("Thị", 55), ("Thu", 6), ("Thanh", 6), ("Ngọc", 5), ("Minh", 4), ("Hồng", 4), ("Phương", 3), ("Thùy", 3),
    ("Hải", 2), ("Kim", 2), ("Khánh", 2), ("Diệu", 1), ("Bích", 2), ("Mai", 2), ("Lan", 1), ("Thúy", 2),
]
FEMALE_SECOND_MIDDLE = [
    "Thu", "Thanh", "Minh", "Ngọc", "Hồng", "Kim", "Phương", "Thúy", "Bích", "Hải", "Diệu", "Mai", "Lan", "Thùy",
    "Vân", "Hoài",
]
MALE_GIVEN = [
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Thắng", "Cường", "Quân", "Sơn", "Trung", "Hiếu", "Long", "Tùng", "Nam",
    "Thành", "Phong", "Hòa", "Bình", "Toàn", "Huy", "Đức", "Khánh", "Lâm", "Hưng", "Kiên", "Thịnh", "Quang", "Việt",
    "Hoàng", "Tiến", "Chiến", "Mạnh", "Đạt", "Tú", "Vinh", "Phúc", "Duy", "Hậu", "Nghĩa", "Tâm", "Thái", "Trường",
    "An", "Bảo", "Công", "Giang", "Hiệp", "Khoa", "Lợi", "Lực", "Quyết", "Tài", "Thuận", "Trọng", "Tuyên",
    "Vượng", "Xuân", "Anh", "Định", "Hà", "Thanh", "Ngọc", "Dương", "Điệp", "Hạnh", "Luân", "Sang", "Thủy",
]
FEMALE_GIVEN = [
    "Hương", "Lan", "Hoa", "Huyền", "Trang", "Thủy", "Hà", "Hằng", "Nga", "Linh", "Ngọc", "Thảo", "Mai", "Phương",
    "Yến", "Nhung", "Hạnh", "Hiền", "Dung", "Loan", "Liên", "Oanh", "Thu", "Vân", "Anh", "Quyên", "Tâm", "Thanh",
    "Hồng", "Lý", "Nguyệt", "Quỳnh", "Giang", "Thúy", "Hải", "Diệp", "Chi", "Duyên", "Hòa", "Lệ", "Minh", "My",
    "Ngân", "Nhàn", "Phượng", "Thơm", "Thêu", "Thắm", "Uyên", "Xuân", "Huệ", "Lương", "Thoa", "Tuyết", "Vui",
]

# Head of the agency, from the first word(s) of its name.
HEAD_TITLES = [
    ("Sở ", "Giám đốc Sở"), ("Ban Quản lý", "Trưởng ban"), ("Ban ", "Trưởng ban"),
    ("Văn phòng Tỉnh ủy", "Chánh Văn phòng"), ("Văn phòng", "Chánh Văn phòng"), ("Bệnh viện", "Giám đốc"),
    ("Trường", "Hiệu trưởng"),
    ("Tòa án", "Chánh án"), ("Viện Kiểm sát", "Viện trưởng"), ("Cục ", "Cục trưởng"), ("Chi cục", "Chi cục trưởng"),
    ("Kho bạc", "Giám đốc"), ("Bảo hiểm", "Giám đốc"), ("Đài ", "Giám đốc"), ("Báo ", "Tổng Biên tập"),
    ("Hội ", "Chủ tịch Hội"), ("Liên đoàn", "Chủ tịch"), ("Liên minh", "Chủ tịch"), ("Liên hiệp", "Chủ tịch"),
    ("Ủy ban Kiểm tra", "Chủ nhiệm"), ("Cơ quan Ủy ban", "Chủ tịch"), ("Cơ quan Tỉnh đoàn", "Bí thư Tỉnh đoàn"),
    ("Cơ quan Đảng ủy", "Chánh Văn phòng Đảng ủy Khối"), ("Thanh tra", "Chánh Thanh tra"),
    ("Trung tâm", "Giám đốc"), ("Quỹ", "Giám đốc"), ("Ngân hàng", "Giám đốc"), ("Phòng", "Trưởng phòng"),
    ("Trạm", "Trưởng trạm"),
]
UNIT_HEAD_TITLES = [
    ("Văn phòng", "Chánh Văn phòng"), ("Thanh tra", "Chánh Thanh tra"), ("Phòng", "Trưởng phòng"),
    ("Khoa", "Trưởng khoa"), ("Trường", "Hiệu trưởng"), ("Chi cục", "Chi cục trưởng"), ("Trung tâm", "Giám đốc"),
    ("Bệnh viện", "Giám đốc"), ("Ban", "Trưởng ban"), ("Tòa", "Chánh tòa"), ("Bảo tàng", "Giám đốc"),
    ("Thư viện", "Giám đốc"), ("Nhà", "Giám đốc"), ("Viện", "Viện trưởng"), ("Đoàn", "Trưởng đoàn"),
    ("Kho bạc", "Giám đốc"), ("Bảo hiểm", "Giám đốc"), ("Cơ sở", "Giám đốc"), ("Tổ", "Tổ trưởng"),
]

# category -> (share of men, staff positions with weights, fields of study)
CATEGORIES = {
    "dept": (0.58, [("Chuyên viên", 55), ("Chuyên viên chính", 20), ("Thanh tra viên", 4), ("Kế toán viên", 4),
                    ("Cán sự", 3), ("Văn thư", 2), ("Nhân viên", 2)],
             ["Kinh tế", "Luật", "Quản lý nhà nước", "Tài chính – Ngân hàng", "Kế toán", "Công nghệ thông tin",
              "Quản lý đất đai", "Xây dựng dân dụng và công nghiệp", "Nông học", "Quản trị kinh doanh",
              "Hành chính học"]),
    "health": (0.45, [("Chuyên viên", 30), ("Bác sĩ", 25), ("Điều dưỡng", 15), ("Dược sĩ", 6), ("Kỹ thuật viên", 6),
                      ("Y sĩ", 4), ("Kế toán viên", 3)],
               ["Y đa khoa", "Y học dự phòng", "Y tế công cộng", "Dược học", "Điều dưỡng", "Quản lý bệnh viện"]),
    "hospital": (0.38, [("Bác sĩ", 35), ("Điều dưỡng", 30), ("Dược sĩ", 6), ("Kỹ thuật viên", 8), ("Hộ sinh", 4),
                        ("Chuyên viên", 8), ("Kế toán viên", 3)],
                 ["Y đa khoa", "Điều dưỡng", "Dược học", "Kỹ thuật xét nghiệm y học", "Hộ sinh", "Y học cổ truyền",
                  "Răng Hàm Mặt", "Kỹ thuật hình ảnh y học", "Quản lý bệnh viện"]),
    "education": (0.4, [("Giáo viên", 65), ("Chuyên viên", 15), ("Nhân viên", 5), ("Kế toán viên", 3)],
                  ["Sư phạm Toán", "Sư phạm Ngữ văn", "Sư phạm Vật lý", "Sư phạm Hóa học", "Sư phạm Sinh học",
                   "Sư phạm Tiếng Anh", "Sư phạm Lịch sử", "Sư phạm Địa lý", "Giáo dục chính trị", "Tin học",
                   "Quản lý giáo dục", "Giáo dục thể chất"]),
    "college": (0.5, [("Giảng viên", 60), ("Giảng viên chính", 15), ("Chuyên viên", 15), ("Nhân viên", 4)],
                ["Cơ khí chế tạo máy", "Kỹ thuật điện – điện tử", "Công nghệ thông tin", "Kinh tế", "Ngôn ngữ Anh",
                 "Sư phạm", "Quản trị kinh doanh", "Triết học", "Kinh tế chính trị", "Xây dựng Đảng"]),
    "court": (0.55, [("Thẩm phán", 25), ("Thư ký Tòa án", 35), ("Thẩm tra viên", 15), ("Chuyên viên", 15)], ["Luật"]),
    "procuracy": (0.6, [("Kiểm sát viên", 40), ("Kiểm tra viên", 30), ("Chuyên viên", 15)], ["Luật", "Luật hình sự"]),
    "finance": (0.5, [("Chuyên viên", 45), ("Kiểm soát viên", 15), ("Kiểm tra viên", 15), ("Kế toán viên", 15)],
                ["Tài chính – Ngân hàng", "Kế toán", "Kinh tế", "Kiểm toán", "Công nghệ thông tin"]),
    "media": (0.55, [("Phóng viên", 35), ("Biên tập viên", 25), ("Kỹ thuật viên", 20), ("Quay phim", 5)],
              ["Báo chí", "Phát thanh – Truyền hình", "Điện tử – Viễn thông", "Ngữ văn"]),
    "party": (0.55, [("Chuyên viên", 60), ("Chuyên viên chính", 25), ("Chuyên viên cao cấp", 3)],
              ["Xây dựng Đảng và chính quyền nhà nước", "Chính trị học", "Luật", "Quản lý nhà nước", "Triết học"]),
    "mass": (0.5, [("Chuyên viên", 65), ("Cán sự", 10), ("Nhân viên", 5)],
             ["Công tác xã hội", "Luật", "Quản lý nhà nước", "Kinh tế", "Xây dựng Đảng và chính quyền nhà nước"]),
}

# Where members came from before their current organisation (outside this installation).
EXTERNAL_ORIGINS = [
    "Chi bộ sinh viên Trường Đại học Sư phạm Hà Nội 2", "Chi bộ sinh viên Trường Đại học Kinh tế Quốc dân",
    "Chi bộ sinh viên Học viện Hành chính Quốc gia", "Chi bộ sinh viên Trường Đại học Luật Hà Nội",
    "Chi bộ sinh viên Trường Đại học Nông nghiệp Hà Nội", "Chi bộ sinh viên Trường Đại học Bách khoa Hà Nội",
    "Chi bộ sinh viên Trường Đại học Y Hà Nội", "Chi bộ Đại đội 2, Tiểu đoàn 4, Trung đoàn 141, Sư đoàn 312",
    "Chi bộ Ban Chỉ huy Quân sự huyện Vĩnh Tường",
    "Chi bộ Công ty TNHH Một thành viên Thủy lợi Liễn Sơn (Đảng bộ Khối Doanh nghiệp tỉnh)",
    "Đảng bộ Bệnh viện Bạch Mai", "Chi bộ Phòng Tài chính – Kế hoạch huyện Yên Lạc",
    "Chi bộ Phòng Nội vụ huyện Lập Thạch", "Đảng bộ Công an huyện Bình Xuyên",
]
TRANSFER_OUT_DESTINATIONS = [
    "Đảng bộ huyện Yên Lạc", "Đảng bộ thành phố Vĩnh Yên", "Đảng bộ Khối Doanh nghiệp tỉnh", "Đảng bộ Quân sự tỉnh",
    "Đảng bộ Khối các cơ quan Trung ương", "Đảng bộ tỉnh Phú Thọ", "Đảng bộ thành phố Hà Nội",
    "Đảng bộ huyện Vĩnh Tường", "Đảng bộ thành phố Phúc Yên",
]
TEMPORARY_EXTERNAL = [
    "Chi bộ lớp Cao cấp lý luận chính trị, Học viện Chính trị quốc gia Hồ Chí Minh",
    "Chi bộ học viên Học viện Hành chính Quốc gia",
    "Chi bộ lớp Bác sĩ chuyên khoa II, Trường Đại học Y Hà Nội",
    "Chi bộ nghiên cứu sinh Học viện Chính trị quốc gia Hồ Chí Minh",
    "Chi bộ Vụ Địa phương I, Ban Tổ chức Trung ương (biệt phái)",
]

SCHOOL_UNITS = [
    "Tổ Toán – Tin", "Tổ Ngữ văn", "Tổ Ngoại ngữ", "Tổ Khoa học tự nhiên", "Tổ Khoa học xã hội",
    "Tổ Văn phòng", "Tổ Thể dục – Quốc phòng",
]
FINANCE_UNITS = [
    "Văn phòng", "Phòng Nghiệp vụ", "Phòng Kiểm tra – Kiểm soát", "Phòng Kế toán", "Phòng Tổ chức – Hành chính",
]
# Units used when an agency has no list of its own, by category.
CATEGORY_UNITS = {
    "dept": GENERIC_DEPT_UNITS + ["Phòng Quản lý chuyên ngành", "Phòng Hành chính – Tổng hợp"],
    "health": HEALTH_UNITS,
    "hospital": HOSPITAL_UNITS,
    "education": SCHOOL_UNITS,
    "college": COLLEGE_UNITS,
    "court": COURT_UNITS,
    "procuracy": PROCURACY_UNITS,
    "finance": FINANCE_UNITS,
    "media": BROADCAST_UNITS,
    "party": PARTY_OFFICE_UNITS,
    "mass": FRONT_UNITS,
}
